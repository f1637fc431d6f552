-- legacy dispatch_template as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_template') }}
{{ legacy_snapshot(source('legacy', 'dispatch_template')) }}
