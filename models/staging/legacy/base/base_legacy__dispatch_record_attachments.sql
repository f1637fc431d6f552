-- legacy dispatch_record_attachments as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_record_attachments') }}
{{ legacy_snapshot(source('legacy', 'dispatch_record_attachments')) }}
