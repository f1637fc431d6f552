-- legacy dispatch_instruction as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_instruction') }}
{{ legacy_snapshot(source('legacy', 'dispatch_instruction')) }}
