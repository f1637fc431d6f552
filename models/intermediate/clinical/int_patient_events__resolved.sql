-- One row per dispatch_milestone: the patient event it becomes, or why it cannot. An event of a
-- rejected patient is rejected (patient_rejected); a reference to a rejected order or to a user
-- without a profile is unset and recorded as a repair.
{{ config(unique_key='milestone_id') }}

with

milestones as (

    select * from {{ ref('stg_legacy__dispatch_milestone') }}

),

patients as (

    select * from {{ ref('int_patients__resolved') }}

),

orders as (

    select * from {{ ref('int_orders__resolved') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

resolved as (

    select
        milestones.*,
        case when orders.disposition = 'migrated' then milestones.instruction_id end as resolved_instruction_id,
        creators.resolved_user_id as created_by_user_id,
        {{ parent_rejection(
            'patients', 'patient_id', 'milestones.patient_id',
            'patient', 'orphan_patient', 'patient_rejected'
        ) }},
        array_remove(array[
            case
                when milestones.instruction_id is not null and coalesce(orders.disposition, 'missing') <> 'migrated'
                    then 'order_rejected_unset'
            end,
            case
                when milestones.created_by_id is not null and creators.resolved_user_id is null
                    then 'creator_without_profile_unset'
            end,
            case
                when milestones.created_by_id <> creators.resolved_user_id
                    then 'creator_repointed_to_kept_duplicate_user'
            end
        ], null) as candidate_repairs
    from milestones
    left join patients on milestones.patient_id = patients.patient_id
    left join orders on milestones.instruction_id = orders.instruction_id
    left join profiles as creators on milestones.created_by_id = creators.user_id

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
