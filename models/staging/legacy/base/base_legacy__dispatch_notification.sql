-- legacy dispatch_notification as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_notification') }}
{{ legacy_snapshot(source('legacy', 'dispatch_notification')) }}
