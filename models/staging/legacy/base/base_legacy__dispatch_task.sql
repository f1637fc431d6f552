-- legacy dispatch_task as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_task') }}
{{ legacy_snapshot(source('legacy', 'dispatch_task')) }}
