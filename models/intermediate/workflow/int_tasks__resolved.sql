-- One row per dispatch_task: the task it becomes, or why it cannot. A task whose instruction
-- does not exist (an issue-1 orphan, or deleted from the legacy database) is rejected
-- (missing_instruction), as is one whose order was not migrated (order_rejected) (issue 2); a
-- NULL instruction is an internal task and migrates. A NULL task type (rows from before 2016)
-- takes the "unknown / legacy" task type, and so does a task type that is not migrated (deleted
-- from the legacy database): the task is never left without one. The project, assignee and
-- creator are optional: one that is not migrated is unset (a duplicate user is repointed to the
-- kept one). Tasks of soft-deleted orders stay attached (issue 18). Large: change-driven, only
-- the changed tasks and the children of parents whose classification changed are classified
-- again.
-- Only the classification is kept here: the mart reads the values from staging (legacy_row_hash
-- makes a changed legacy row a changed row here).
{{ config(unique_key='task_id', recompute='changes') }}

with

tasks as (

    select tasks.* from {{ ref('stg_legacy__dispatch_task') }} as tasks
    where {{ candidates(
        'tasks', ref('stg_legacy__dispatch_task'), 'task_id', 'dispatch_task', parents=[
            ('instruction_id', ref('int_orders__resolved'), 'instruction_id'),
            ('task_type_id', ref('int_task_types__resolved'), 'task_type_id'),
            ('project_id', ref('int_projects__resolved'), 'project_id'),
            ('assigned_to_id', ref('int_profiles__resolved'), 'user_id'),
            ('created_by_id', ref('int_profiles__resolved'), 'user_id'),
        ]
    ) }}

),

orders as (

    select * from {{ ref('int_orders__resolved') }}

),

task_types as (

    select * from {{ ref('int_task_types__resolved') }}

),

projects as (

    select * from {{ ref('int_projects__resolved') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

resolved as (

    select
        tasks.*,
        tasks.instruction_id is null as is_internal,
        {{ kept_reference('task_types', 'tasks.task_type_id') }} as resolved_task_type_id,
        {{ kept_reference('projects', 'tasks.project_id') }} as resolved_project_id,
        -- a profile's tombstone keeps its last resolved_user_id: only a live profile row counts
        case when not {{ parent_missing('assignees', 'user_id') }} then assignees.resolved_user_id end
            as assigned_to_user_id,
        case when not {{ parent_missing('creators', 'user_id') }} then creators.resolved_user_id end
            as created_by_user_id,
        case
            when tasks.instruction_id is null then null
            when {{ parent_missing('orders', 'instruction_id') }} then 'missing_instruction'
            when orders.disposition <> 'migrated' then 'order_rejected'
        end as reject_reason,
        case
            when tasks.instruction_id is null then null
            when {{ parent_missing('orders', 'instruction_id') }}
                then 'instruction ' || tasks.instruction_id || ' does not exist'
            when orders.disposition <> 'migrated'
                then
                    'instruction ' || tasks.instruction_id || ' was ' || orders.disposition
                    || ' (' || orders.reject_reason || ')'
        end as reject_detail,
        case
            when tasks.task_type_id is null then 'task_type_unknown_legacy'
            when {{ is_unset('task_types', 'tasks.task_type_id') }} then 'task_type_not_migrated_unknown_legacy'
        end as task_type_repair,
        case when {{ is_unset('projects', 'tasks.project_id') }} then 'project_rejected_unset' end
            as project_repair
    from tasks
    left join orders on tasks.instruction_id = orders.instruction_id
    left join task_types on tasks.task_type_id = task_types.task_type_id
    left join projects on tasks.project_id = projects.project_id
    left join profiles as assignees on tasks.assigned_to_id = assignees.user_id
    left join profiles as creators on tasks.created_by_id = creators.user_id

),

final as (

    select
        task_id,
        instruction_id,
        task_type_id,
        project_id,
        assigned_to_id,
        created_by_id,
        legacy_row_hash,
        is_internal,
        resolved_task_type_id,
        resolved_project_id,
        assigned_to_user_id,
        created_by_user_id,
        reject_reason,
        reject_detail,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are recorded on migrated rows only
        case
            when reject_reason is null
                then array_remove(array[
                    task_type_repair,
                    case
                        when assigned_to_id is not null and assigned_to_user_id is null
                            then 'assignee_without_profile_unset'
                    end,
                    case
                        when assigned_to_id <> assigned_to_user_id
                            then 'assignee_repointed_to_kept_duplicate_user'
                    end,
                    case
                        when created_by_id is not null and created_by_user_id is null
                            then 'creator_without_profile_unset'
                    end,
                    case
                        when created_by_id <> created_by_user_id
                            then 'creator_repointed_to_kept_duplicate_user'
                    end,
                    case when result_is_malformed then 'result_malformed_json_nulled' end,
                    project_repair
                ], null) || {{ card_masked_repairs() }}
            else array[]::text[]
        end as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
