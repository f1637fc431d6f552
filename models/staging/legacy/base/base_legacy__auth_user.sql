-- legacy auth_user as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='auth_user') }}
{{ legacy_snapshot(source('legacy', 'auth_user')) }}
