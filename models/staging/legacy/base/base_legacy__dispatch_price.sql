-- legacy dispatch_price as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_price') }}
{{ legacy_snapshot(source('legacy', 'dispatch_price')) }}
