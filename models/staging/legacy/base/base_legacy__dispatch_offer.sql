-- legacy dispatch_offer as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_offer') }}
{{ legacy_snapshot(source('legacy', 'dispatch_offer')) }}
