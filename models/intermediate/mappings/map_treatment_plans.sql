-- legacy dispatch_plan.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_plan'), 'plan_id', 'dispatch_plan') }}
