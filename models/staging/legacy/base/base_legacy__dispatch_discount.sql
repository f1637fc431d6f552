-- legacy dispatch_discount as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_discount') }}
{{ legacy_snapshot(source('legacy', 'dispatch_discount')) }}
