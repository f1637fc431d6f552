-- legacy dispatch_feedback.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_feedback'), 'id') }}
