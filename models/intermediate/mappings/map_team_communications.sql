-- legacy dispatch_comment.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_comment'), 'comment_id', 'dispatch_comment') }}
