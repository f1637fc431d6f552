-- dispatch_project: the technician's working projects in the setup software; data is text-JSON.
select
    id as project_id,
    instruction_id,
    technician_id,
    {{ free_text('name') }} as project_name,
    {{ decode('software', {1: 'legacy_desktop', 2: 'current_setup_software', 3: 'external_vendor'}) }}
        as software,
    version,
    {{ decode('status', {
        0: 'open', 1: 'in_progress', 2: 'ready_for_qc', 3: 'qc_passed', 4: 'exported',
        5: 'abandoned'}) }} as status,
    project_file_id,
    {{ safe_jsonb('data') }} as data,
    {{ is_malformed_json('data') }} as data_is_malformed,
    started_at,
    finished_at,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_project') }}
