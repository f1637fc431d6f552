-- legacy dispatch_invoice as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_invoice') }}
{{ legacy_snapshot(source('legacy', 'dispatch_invoice')) }}
