-- legacy dispatch_project.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_project'), 'id') }}
