-- legacy dispatch_address.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_address'), 'id') }}
