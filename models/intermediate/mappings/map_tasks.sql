-- legacy dispatch_task.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_task'), 'task_id', 'dispatch_task') }}
