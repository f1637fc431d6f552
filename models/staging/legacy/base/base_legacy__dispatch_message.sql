-- legacy dispatch_message as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_message') }}
{{ legacy_snapshot(source('legacy', 'dispatch_message')) }}
