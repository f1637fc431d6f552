-- dispatch_tasktype: kinds of lab work, with the role that performs them and time targets.
select
    id as task_type_id,
    name as task_type_name,
    code,
    category_id,
    role_id,
    sla_hours,
    default_duration,
    sort_order,
    is_active,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_tasktype') }}
