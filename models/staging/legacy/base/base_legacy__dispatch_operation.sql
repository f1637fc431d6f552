-- legacy dispatch_operation as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_operation') }}
{{ legacy_snapshot(source('legacy', 'dispatch_operation')) }}
