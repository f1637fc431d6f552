-- legacy dispatch_plan.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_plan'), 'id') }}
