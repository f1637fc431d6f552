-- legacy dispatch_tasktype as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_tasktype') }}
{{ legacy_snapshot(source('legacy', 'dispatch_tasktype')) }}
