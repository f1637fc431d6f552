-- legacy auth_permission as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='auth_permission') }}
{{ legacy_snapshot(source('legacy', 'auth_permission')) }}
