-- legacy dispatch_role.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_role'), 'id') }}
