-- legacy dispatch_jaw as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_jaw') }}
{{ legacy_snapshot(source('legacy', 'dispatch_jaw')) }}
