-- legacy dispatch_patient_tags as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_patient_tags') }}
{{ legacy_snapshot(source('legacy', 'dispatch_patient_tags')) }}
