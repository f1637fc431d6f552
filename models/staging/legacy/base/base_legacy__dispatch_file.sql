-- legacy dispatch_file as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_file') }}
{{ legacy_snapshot(source('legacy', 'dispatch_file')) }}
