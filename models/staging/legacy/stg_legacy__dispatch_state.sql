-- dispatch_state: case-state transitions of an instruction (append-only). instruction_id is
-- unenforced (issue 3); from_state = 0 on the first release's first transitions means NULL.
select
    id as state_id,
    instruction_id,
    coalesce(from_state = 0, false) as from_state_is_zero,
    {{ decode('from_state', {0: none, 1: 'treatment_active', 2: 'case_closed'}) }} as from_state,
    {{ decode('to_state', {1: 'treatment_active', 2: 'case_closed'}) }} as to_state,
    changed_by_id,
    changed_at,
    {{ free_text('comment') }} as comment,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_state') }}
