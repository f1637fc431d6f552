-- legacy dispatch_shipment as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_shipment') }}
{{ legacy_snapshot(source('legacy', 'dispatch_shipment')) }}
