-- legacy dispatch_milestone as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_milestone') }}
{{ legacy_snapshot(source('legacy', 'dispatch_milestone')) }}
