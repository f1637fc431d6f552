-- legacy dispatch_template.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_template'), 'id') }}
