-- legacy dispatch_plan as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_plan') }}
{{ legacy_snapshot(source('legacy', 'dispatch_plan')) }}
