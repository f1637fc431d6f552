-- legacy dispatch_product_roles as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_product_roles') }}
{{ legacy_snapshot(source('legacy', 'dispatch_product_roles')) }}
