-- legacy auth_permission.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'auth_permission'), 'id') }}
