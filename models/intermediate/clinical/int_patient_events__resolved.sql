-- One row per dispatch_milestone: the patient event it becomes, or why it cannot. An event whose
-- patient does not exist (deleted from the legacy database: orphan_patient) or was not migrated
-- (patient_rejected) is rejected; a reference to an order that is not migrated (or no longer
-- exists) is unset, a creator without profile unset and a duplicate user repointed to the kept
-- one (repairs). Large: change-driven (its own changes and the events of patients, orders and
-- creators whose classification changed).
{{ config(unique_key='milestone_id', recompute='changes') }}

with

milestones as (

    select milestones.* from {{ ref('stg_legacy__dispatch_milestone') }} as milestones
    where
        {{ candidates(
            'milestones', ref('stg_legacy__dispatch_milestone'), 'milestone_id', 'dispatch_milestone', parents=[
                ('patient_id', ref('int_patients__resolved'), 'patient_id'),
                ('instruction_id', ref('int_orders__resolved'), 'instruction_id'),
                ('created_by_id', ref('int_profiles__resolved'), 'user_id'),
            ]
        ) }}

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

-- the patient, the order (optional) and the creator's profile (a tombstone is no profile)
resolved as (

    select
        milestones.*,
        {{ kept_reference('orders', 'milestones.instruction_id') }} as resolved_instruction_id,
        {{ is_unset('orders', 'milestones.instruction_id') }} as order_dropped,
        case when not {{ parent_missing('creators', 'user_id') }} then creators.resolved_user_id end
            as created_by_user_id,
        {{ parent_rejection(
            'patients', 'patient_id', 'milestones.patient_id',
            'patient', 'orphan_patient', 'patient_rejected'
        ) }}
    from milestones
    left join patients on milestones.patient_id = patients.patient_id
    left join orders on milestones.instruction_id = orders.instruction_id
    left join profiles as creators on milestones.created_by_id = creators.user_id

),

repaired as (

    select
        *,
        array_remove(array[
            case when order_dropped then 'order_rejected_unset' end,
            case
                when created_by_id is not null and created_by_user_id is null
                    then 'creator_without_profile_unset'
            end,
            case
                when created_by_id <> created_by_user_id
                    then 'creator_repointed_to_kept_duplicate_user'
            end
        ], null) || {{ card_masked_repairs() }} as candidate_repairs
    from resolved

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are recorded on migrated rows only
        case when reject_reason is null then candidate_repairs else array[]::text[] end as repairs,
        {{ tracking_columns() }}
    from repaired

)

select * from final
