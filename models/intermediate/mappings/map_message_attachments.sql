-- legacy dispatch_message_attachments.id -> UUID, assigned once and never changed
{{ uuid_mapping(
    ref('stg_legacy__dispatch_message_attachments'), 'message_attachment_id', 'dispatch_message_attachments'
) }}
