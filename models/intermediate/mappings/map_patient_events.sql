-- legacy dispatch_milestone.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_milestone'), 'id') }}
