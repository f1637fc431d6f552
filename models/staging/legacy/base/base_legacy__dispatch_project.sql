-- legacy dispatch_project as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_project') }}
{{ legacy_snapshot(source('legacy', 'dispatch_project')) }}
