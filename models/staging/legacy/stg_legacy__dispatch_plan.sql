-- dispatch_plan: versions of the treatment plan (setup) of an instruction; project_id is NULL
-- before 2016. ipr_data is text-JSON.
select
    id as plan_id,
    project_id,
    instruction_id,
    version,
    {{ free_text('name') }} as plan_name,
    {{ decode('status', {
        0: 'draft', 1: 'sent_to_doctor', 2: 'approved', 3: 'changes_requested',
        4: 'superseded'}) }} as status,
    upper_steps,
    lower_steps,
    has_attachments,
    {{ safe_jsonb('ipr_data') }} as ipr_data,
    {{ is_malformed_json('ipr_data') }} as ipr_data_is_malformed,
    {{ free_text('notes') }} as notes,
    {{ empty_as_null('viewer_url') }} as viewer_url,
    approved_by_id,
    approved_at,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_plan') }}
