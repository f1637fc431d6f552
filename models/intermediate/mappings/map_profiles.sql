-- legacy auth_user.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'auth_user'), 'id') }}
