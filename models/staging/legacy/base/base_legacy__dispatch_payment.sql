-- legacy dispatch_payment as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_payment') }}
{{ legacy_snapshot(source('legacy', 'dispatch_payment')) }}
