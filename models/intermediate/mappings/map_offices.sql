-- legacy dispatch_office.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_office'), 'id') }}
