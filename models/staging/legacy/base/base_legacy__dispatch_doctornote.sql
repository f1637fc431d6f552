-- legacy dispatch_doctornote as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_doctornote') }}
{{ legacy_snapshot(source('legacy', 'dispatch_doctornote')) }}
