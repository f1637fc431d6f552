-- legacy dispatch_feedback as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_feedback') }}
{{ legacy_snapshot(source('legacy', 'dispatch_feedback')) }}
