-- legacy dispatch_jaw.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_jaw'), 'id') }}
