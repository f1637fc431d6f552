-- dispatch_milestone: append-only patient events; instruction_id is nullable.
select
    id as milestone_id,
    patient_id,
    instruction_id,
    {{ decode('kind', {
        1: 'records_received', 2: 'setup_approved', 3: 'aligners_shipped', 4: 'treatment_started',
        5: 'refinement_started', 6: 'treatment_finished', 7: 'retention_started',
        8: 'check_in'}) }} as kind,
    happened_at,
    {{ free_text('note') }} as note,
    created_by_id,
    created as created_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_milestone') }}
