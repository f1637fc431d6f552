-- legacy dispatch_role.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_role'), 'role_id', 'dispatch_role') }}
