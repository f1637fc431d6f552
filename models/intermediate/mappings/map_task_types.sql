-- legacy dispatch_tasktype.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_tasktype'), 'id') }}
