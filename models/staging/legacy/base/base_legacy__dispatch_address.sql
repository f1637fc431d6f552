-- legacy dispatch_address as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_address') }}
{{ legacy_snapshot(source('legacy', 'dispatch_address')) }}
