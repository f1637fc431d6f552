-- legacy dispatch_globalsetting as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_globalsetting') }}
{{ legacy_snapshot(source('legacy', 'dispatch_globalsetting')) }}
