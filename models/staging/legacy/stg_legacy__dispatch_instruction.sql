-- dispatch_instruction: orders. patient_id is unenforced (issue 1); shipped_at is naive local time.
select
    id as instruction_id,
    number as order_number,
    patient_id,
    office_id,
    doctor_id,
    created_by_id,
    parent_id as parent_instruction_id,
    {{ decode('kind', {
        1: 'new_treatment', 2: 'refinement', 3: 'retainer', 4: 'replacement_aligners',
        5: 'mid_course_correction', 6: 'diagnostic_setup'}) }} as kind,
    {{ decode('status', {
        0: 'draft', 1: 'submitted', 2: 'records_check', 3: 'on_hold', 4: 'setup_in_progress',
        5: 'awaiting_approval', 6: 'modification_requested', 7: 'approved',
        8: 'in_production', 9: 'shipped', 10: 'delivered', 11: 'cancelled',
        12: 'completed'}) }} as status,
    {{ decode('arch', {1: 'upper', 2: 'lower', 3: 'both'}) }} as arch,
    {{ decode('priority', {0: 'normal', 1: 'rush', 2: 'urgent'}) }} as priority,
    {{ free_text('treatment_goals') }} as treatment_goals,
    {{ free_text('special_instructions') }} as special_instructions,
    {{ safe_jsonb('options') }} as options,
    {{ is_malformed_json('options') }} as options_is_malformed,
    ipr_allowed,
    attachments_allowed,
    case
        when {{ empty_as_null('extraction_teeth') }} is null then null
        else string_to_array(regexp_replace(extraction_teeth, '\s', '', 'g'), ',')
    end as extraction_teeth,
    submitted_at,
    due_date,
    {{ from_legacy_local_time('shipped_at') }} as shipped_at,
    is_deleted,
    deleted_at,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_instruction') }}
