-- legacy dispatch_role as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_role') }}
{{ legacy_snapshot(source('legacy', 'dispatch_role')) }}
