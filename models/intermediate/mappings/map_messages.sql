-- legacy dispatch_record.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_record'), 'id') }}
