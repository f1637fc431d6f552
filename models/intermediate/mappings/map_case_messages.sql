-- legacy dispatch_message.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_message'), 'message_id', 'dispatch_message') }}
