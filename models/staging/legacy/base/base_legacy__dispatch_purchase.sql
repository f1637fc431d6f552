-- legacy dispatch_purchase as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_purchase') }}
{{ legacy_snapshot(source('legacy', 'dispatch_purchase')) }}
