-- legacy dispatch_bracket as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_bracket') }}
{{ legacy_snapshot(source('legacy', 'dispatch_bracket')) }}
