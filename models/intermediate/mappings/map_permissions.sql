-- legacy auth_permission.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__auth_permission'), 'permission_id', 'auth_permission') }}
