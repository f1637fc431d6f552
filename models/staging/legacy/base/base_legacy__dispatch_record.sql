-- legacy dispatch_record as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_record') }}
{{ legacy_snapshot(source('legacy', 'dispatch_record')) }}
