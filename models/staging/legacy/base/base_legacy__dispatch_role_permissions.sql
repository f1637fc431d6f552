-- legacy dispatch_role_permissions as the sync copied it (macros/sync/snapshot.sql); this is what a whole copy reads
{{ config(alias='dispatch_role_permissions') }}
{{ legacy_snapshot(source('legacy', 'dispatch_role_permissions')) }}
