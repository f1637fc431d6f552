-- dispatch_record_attachments: M2M record <-> file; empty in production (never released).
select
    id as record_attachment_id,
    record_id,
    file_id,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_record_attachments') }}
