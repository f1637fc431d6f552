-- legacy dispatch_file.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_file'), 'id') }}
