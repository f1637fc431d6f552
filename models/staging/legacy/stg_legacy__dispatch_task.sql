-- dispatch_task: units of lab work. instruction_id is unenforced (issue 2) and NULL for an
-- internal task; task_type_id is NULL on rows from before 2016; result is text-JSON or ''.
select
    id as task_id,
    instruction_id,
    task_type_id,
    project_id,
    assigned_to_id,
    created_by_id,
    {{ decode('status', {
        0: 'new', 1: 'assigned', 2: 'in_progress', 3: 'paused', 4: 'done', 5: 'returned',
        6: 'cancelled'}) }} as status,
    {{ decode('priority', {0: 'normal', 1: 'high', 2: 'rush'}) }} as priority,
    due_at,
    started_at,
    finished_at,
    {{ free_text('note') }} as note,
    {{ safe_jsonb('result') }} as result,
    {{ is_malformed_json('result') }} as result_is_malformed,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_task') }}
