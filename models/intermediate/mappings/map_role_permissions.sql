-- legacy dispatch_role_permissions.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_role_permissions'), 'id') }}
