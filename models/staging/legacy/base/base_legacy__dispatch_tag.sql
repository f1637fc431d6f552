-- legacy dispatch_tag as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_tag') }}
{{ legacy_snapshot(source('legacy', 'dispatch_tag')) }}
