-- legacy dispatch_milestone.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_milestone'), 'milestone_id', 'dispatch_milestone') }}
