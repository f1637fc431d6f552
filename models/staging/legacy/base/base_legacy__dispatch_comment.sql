-- legacy dispatch_comment as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_comment') }}
{{ legacy_snapshot(source('legacy', 'dispatch_comment')) }}
