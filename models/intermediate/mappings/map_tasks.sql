-- legacy dispatch_task.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_task'), 'id') }}
