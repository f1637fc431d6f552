-- legacy dispatch_tasktype.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_tasktype'), 'task_type_id', 'dispatch_tasktype') }}
