-- legacy dispatch_project.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_project'), 'project_id', 'dispatch_project') }}
