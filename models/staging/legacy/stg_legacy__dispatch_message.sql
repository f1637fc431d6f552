-- dispatch_message: case messages on an instruction. instruction_id is unenforced (issue 4);
-- sender_id NULL means the system wrote the message.
select
    id as message_id,
    instruction_id,
    sender_id,
    {{ decode('kind', {
        1: 'patient_question', 2: 'doctor_response', 3: 'clinical_note',
        4: 'treatment_update'}) }} as kind,
    {{ free_text('subject') }} as subject,
    {{ free_text('body') }} as body,
    is_read,
    read_at,
    reply_to_id as reply_to_message_id,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_message') }}
