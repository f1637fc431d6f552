-- legacy dispatch_feedback.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_feedback'), 'feedback_id', 'dispatch_feedback') }}
