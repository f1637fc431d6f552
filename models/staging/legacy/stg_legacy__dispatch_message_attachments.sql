-- dispatch_message_attachments: M2M case message <-> file.
select
    id as message_attachment_id,
    message_id,
    file_id,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_message_attachments') }}
