-- legacy dispatch_message_attachments.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_message_attachments'), 'id') }}
