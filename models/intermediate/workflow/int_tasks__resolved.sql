-- One row per dispatch_task: the task it becomes, or why it cannot. A task whose instruction
-- does not exist or was rejected (an issue-1 orphan, ...) is rejected (issue 2); a NULL
-- instruction is an internal task and migrates. A NULL task type (rows from before 2016) takes
-- the "unknown / legacy" task type. Tasks of soft-deleted orders stay attached (issue 18).
{{ config(unique_key='task_id') }}

with

tasks as (

    select * from {{ ref('stg_legacy__dispatch_task') }}

),

orders as (

    select * from {{ ref('int_orders__resolved') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

projects as (

    select * from {{ ref('int_projects__resolved') }}

),

resolved as (

    select
        tasks.*,
        tasks.instruction_id is null as is_internal,
        assignees.resolved_user_id as assigned_to_user_id,
        creators.resolved_user_id as created_by_user_id,
        case when projects.disposition = 'migrated' then tasks.project_id end as resolved_project_id,
        case
            when tasks.instruction_id is not null and orders.instruction_id is null then 'missing_instruction'
            when orders.disposition = 'rejected' then 'order_rejected'
        end as reject_reason,
        case
            when tasks.instruction_id is not null and orders.instruction_id is null
                then 'instruction ' || tasks.instruction_id || ' does not exist'
            when orders.disposition = 'rejected'
                then 'instruction ' || tasks.instruction_id || ' was rejected (' || orders.reject_reason || ')'
        end as reject_detail,
        array_remove(array[
            case when tasks.task_type_id is null then 'task_type_unknown_legacy' end,
            case
                when tasks.assigned_to_id is not null and assignees.resolved_user_id is null
                    then 'assignee_without_profile_unset'
            end,
            case
                when tasks.assigned_to_id <> assignees.resolved_user_id
                    then 'assignee_repointed_to_kept_duplicate_user'
            end,
            case
                when tasks.created_by_id is not null and creators.resolved_user_id is null
                    then 'creator_without_profile_unset'
            end,
            case
                when tasks.created_by_id <> creators.resolved_user_id
                    then 'creator_repointed_to_kept_duplicate_user'
            end,
            case when tasks.result_is_malformed then 'result_malformed_json_nulled' end,
            case
                when tasks.project_id is not null and projects.disposition is distinct from 'migrated'
                    then 'project_rejected_unset'
            end
        ], null) as candidate_repairs
    from tasks
    left join orders on tasks.instruction_id = orders.instruction_id
    left join profiles as assignees on tasks.assigned_to_id = assignees.user_id
    left join profiles as creators on tasks.created_by_id = creators.user_id
    left join projects on tasks.project_id = projects.project_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are those of a migrated row
        case when reject_reason is null then candidate_repairs else array[]::text[] end as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
