-- legacy dispatch_role_permissions.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_role_permissions'), 'role_permission_id', 'dispatch_role_permissions') }}
