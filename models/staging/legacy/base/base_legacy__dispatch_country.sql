-- legacy dispatch_country as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_country') }}
{{ legacy_snapshot(source('legacy', 'dispatch_country')) }}
