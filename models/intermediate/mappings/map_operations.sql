-- legacy dispatch_operation.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_operation'), 'id') }}
