-- treatment_plans: versions of an order's treatment plan, the setup (dispatch_plan), from
-- int_treatment_plans__resolved. id is the UUID map_treatment_plans assigned; legacy_id is
-- dispatch_plan.id; plan_name becomes name. Only migrated plans: a plan of a missing or rejected
-- order is rejected upstream. A project that did not migrate is unset; the approver is the resolved
-- profile (a duplicate user's kept user; unset without a profile); ipr_data is NULL when the legacy
-- text was not JSON. An incremental run merges the plans the intermediate model changed since this
-- mart last succeeded.
with

plans as (

    select * from {{ ref('int_treatment_plans__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

plan_ids as (

    select * from {{ ref('map_treatment_plans') }}

),

order_ids as (

    select * from {{ ref('map_orders') }}

),

project_ids as (

    select * from {{ ref('map_projects') }}

),

profile_ids as (

    select * from {{ ref('map_profiles') }}

),

final as (

    select
        plan_ids.id,
        plans.plan_id::bigint as legacy_id,
        order_ids.id as order_id,
        project_ids.id as project_id,
        plans.version::integer as version,
        plans.plan_name as name,
        plans.status,
        plans.upper_steps::integer as upper_steps,
        plans.lower_steps::integer as lower_steps,
        plans.has_attachments,
        plans.ipr_data,
        plans.notes,
        plans.viewer_url,
        approvers.id as approved_by_id,
        plans.approved_at,
        plans.created_at,
        plans.modified_at as updated_at
    from plans
    inner join plan_ids on plans.plan_id = plan_ids.legacy_id
    inner join order_ids on plans.instruction_id = order_ids.legacy_id
    left join project_ids on plans.resolved_project_id = project_ids.legacy_id
    left join profile_ids as approvers on plans.approved_by_user_id = approvers.legacy_id

)

select * from final
