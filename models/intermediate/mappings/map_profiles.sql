-- legacy auth_user.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__auth_user'), 'user_id', 'auth_user') }}
