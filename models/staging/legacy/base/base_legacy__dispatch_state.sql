-- legacy dispatch_state as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_state') }}
{{ legacy_snapshot(source('legacy', 'dispatch_state')) }}
