-- tasks: units of lab work (dispatch_task). order_id NULL is an internal task. A task without a
-- migrated type (NULL in legacy, or a type that is not migrated) points at the "unknown / legacy"
-- task type. Every reference is an id the intermediate model verified: the order of a migrated
-- task is migrated, the other references are the resolved ones. An incremental run merges the
-- tasks the intermediate model changed since this mart last succeeded.
with

tasks as (

    select * from {{ ref('int_tasks__resolved') }}
    where
        disposition = 'migrated'
        and {{ changed_since() }}

),

legacy_values as (

    select * from {{ ref('stg_legacy__dispatch_task') }}

),

task_ids as (

    select * from {{ ref('map_tasks') }}

),

order_ids as (

    select * from {{ ref('map_orders') }}

),

task_type_ids as (

    select * from {{ ref('map_task_types') }}

),

project_ids as (

    select * from {{ ref('map_projects') }}

),

profile_ids as (

    select * from {{ ref('map_profiles') }}

),

final as (

    select
        task_ids.id,
        tasks.task_id::bigint as legacy_id,
        order_ids.id as order_id,
        tasks.is_internal,
        coalesce(task_type_ids.id, {{ unknown_task_type_id() }}) as task_type_id,
        project_ids.id as project_id,
        assignees.id as assigned_to_id,
        creators.id as created_by_id,
        legacy_values.status,
        legacy_values.priority,
        legacy_values.due_at,
        legacy_values.started_at,
        legacy_values.finished_at,
        legacy_values.note,
        legacy_values.result,
        legacy_values.created_at,
        legacy_values.modified_at as updated_at
    from tasks
    inner join legacy_values on tasks.task_id = legacy_values.task_id
    inner join task_ids on tasks.task_id = task_ids.legacy_id
    left join order_ids on tasks.instruction_id = order_ids.legacy_id
    left join task_type_ids on tasks.resolved_task_type_id = task_type_ids.legacy_id
    left join project_ids on tasks.resolved_project_id = project_ids.legacy_id
    left join profile_ids as assignees on tasks.assigned_to_user_id = assignees.legacy_id
    left join profile_ids as creators on tasks.created_by_user_id = creators.legacy_id

)

select * from final
