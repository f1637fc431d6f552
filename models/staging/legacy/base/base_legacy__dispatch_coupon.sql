-- legacy dispatch_coupon as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_coupon') }}
{{ legacy_snapshot(source('legacy', 'dispatch_coupon')) }}
