-- legacy dispatch_comment.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_comment'), 'id') }}
