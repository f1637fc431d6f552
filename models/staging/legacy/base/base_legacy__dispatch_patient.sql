-- legacy dispatch_patient as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_patient') }}
{{ legacy_snapshot(source('legacy', 'dispatch_patient')) }}
