-- legacy dispatch_purchaseitem as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_purchaseitem') }}
{{ legacy_snapshot(source('legacy', 'dispatch_purchaseitem')) }}
