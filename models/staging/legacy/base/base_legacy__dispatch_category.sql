-- legacy dispatch_category as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_category') }}
{{ legacy_snapshot(source('legacy', 'dispatch_category')) }}
