-- legacy dispatch_product as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_product') }}
{{ legacy_snapshot(source('legacy', 'dispatch_product')) }}
