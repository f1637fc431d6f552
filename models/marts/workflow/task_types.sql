-- task_types: kinds of lab work (dispatch_tasktype), plus the "unknown / legacy" task type that
-- tasks without a migrated type point at (not a legacy row: legacy_id NULL, fixed UUID). The
-- category and role are the ones the intermediate model verified as migrated.
with

task_types as (

    select * from {{ ref('int_task_types__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

task_type_ids as (

    select * from {{ ref('map_task_types') }}

),

category_ids as (

    select * from {{ ref('map_categories') }}

),

role_ids as (

    select * from {{ ref('map_roles') }}

),

from_legacy as (

    select
        task_type_ids.id,
        task_types.task_type_id::bigint as legacy_id,
        task_types.task_type_name as name,
        task_types.code,
        category_ids.id as category_id,
        role_ids.id as role_id,
        task_types.sla_hours,
        task_types.default_duration,
        task_types.sort_order,
        task_types.is_active,
        false as is_placeholder
    from task_types
    inner join task_type_ids on task_types.task_type_id = task_type_ids.legacy_id
    left join category_ids on task_types.resolved_category_id = category_ids.legacy_id
    left join role_ids on task_types.resolved_role_id = role_ids.legacy_id

),

unknown_legacy as (

    select
        {{ unknown_task_type_id() }} as id,
        null::bigint as legacy_id,
        'Unknown (legacy)'::text as name,
        {{ unknown_task_type_code() }}::text as code,
        null::uuid as category_id,
        null::uuid as role_id,
        null::integer as sla_hours,
        null::interval as default_duration,
        0::smallint as sort_order,
        false as is_active,
        true as is_placeholder

),

final as (

    select * from from_legacy
    union all
    select * from unknown_legacy

)

select * from final
