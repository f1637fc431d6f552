-- legacy dispatch_courier as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_courier') }}
{{ legacy_snapshot(source('legacy', 'dispatch_courier')) }}
