-- One row per dispatch_plan: the treatment plan it becomes, or why it cannot. A plan of a
-- rejected order is rejected (order_rejected); a reference to a rejected project or to an
-- approver without profile is unset (repairs).
{{ config(unique_key='plan_id', recompute='changes') }}

with

plans as (

    select plans.* from {{ ref('stg_legacy__dispatch_plan') }} as plans
    where {{ candidates('plans', ref('stg_legacy__dispatch_plan'), 'plan_id', 'dispatch_plan', parents=[
        ('instruction_id', ref('int_orders__resolved'), 'instruction_id'),
        ('project_id', ref('int_projects__resolved'), 'project_id'),
        ('approved_by_id', ref('int_profiles__resolved'), 'user_id'),
    ]) }}

),

orders as (

    select * from {{ ref('int_orders__resolved') }}

),

projects as (

    select * from {{ ref('int_projects__resolved') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

resolved as (

    select
        plans.*,
        case when projects.disposition = 'migrated' then plans.project_id end as resolved_project_id,
        approvers.resolved_user_id as approved_by_user_id,
        {{ parent_rejection(
            'orders', 'instruction_id', 'plans.instruction_id',
            'instruction', 'missing_instruction', 'order_rejected'
        ) }},
        array_remove(array[
            case
                when plans.project_id is not null and coalesce(projects.disposition, 'missing') <> 'migrated'
                    then 'project_rejected_unset'
            end,
            case
                when plans.approved_by_id is not null and approvers.resolved_user_id is null
                    then 'approver_without_profile_unset'
            end,
            case
                when plans.approved_by_id <> approvers.resolved_user_id
                    then 'approver_repointed_to_kept_duplicate_user'
            end,
            case when plans.ipr_data_is_malformed then 'ipr_data_malformed_nulled' end
        ], null) as candidate_repairs
    from plans
    left join orders on plans.instruction_id = orders.instruction_id
    left join projects on plans.project_id = projects.project_id
    left join profiles as approvers on plans.approved_by_id = approvers.user_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are recorded on migrated rows only
        case when reject_reason is null then candidate_repairs else array[]::text[] end as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
