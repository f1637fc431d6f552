-- dispatch_doctornote: the doctor's clinical notes on an instruction (instruction_id enforced).
select
    id as doctor_note_id,
    instruction_id,
    author_id,
    {{ free_text('text') }} as body,
    is_private,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_doctornote') }}
