-- legacy dispatch_record_attachments.id -> UUID, assigned once and never changed
{{ uuid_mapping(
    ref('stg_legacy__dispatch_record_attachments'), 'record_attachment_id', 'dispatch_record_attachments'
) }}
