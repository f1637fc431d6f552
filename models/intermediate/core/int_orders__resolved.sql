-- One row per dispatch_instruction: the order it becomes, or why it cannot. An instruction
-- whose patient does not exist is an orphan (issue 1); one whose patient was rejected follows
-- it. A missing office is taken from the patient. Soft-deleted orders migrate flagged (issue 18).
with

instructions as (

    select * from {{ ref('stg_legacy__dispatch_instruction') }}

),

patients as (

    select * from {{ ref('int_patients__resolved') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

resolved as (

    select
        instructions.*,
        doctors.resolved_user_id as doctor_user_id,
        creators.resolved_user_id as created_by_user_id,
        coalesce(instructions.office_id, patients.resolved_office_id) as resolved_office_id,
        {{ parent_rejection(
            'patients', 'patient_id', 'instructions.patient_id',
            'patient', 'orphan_patient', 'patient_rejected'
        ) }},
        array_remove(array[
            case when instructions.office_id is null then 'office_from_patient' end,
            case
                when instructions.doctor_id is not null and doctors.resolved_user_id is null
                    then 'doctor_without_profile_unset'
            end,
            case
                when instructions.doctor_id <> doctors.resolved_user_id
                    then 'doctor_repointed_to_kept_duplicate_user'
            end,
            case
                when instructions.created_by_id is not null and creators.resolved_user_id is null
                    then 'creator_without_profile_unset'
            end
        ], null) as base_repairs
    from instructions
    left join patients on instructions.patient_id = patients.patient_id
    left join profiles as doctors on instructions.doctor_id = doctors.user_id
    left join profiles as creators on instructions.created_by_id = creators.user_id

),

with_parent as (

    select
        resolved.*,
        case
            when resolved.parent_instruction_id is not null and parents.reject_reason is null
                then resolved.parent_instruction_id
        end as resolved_parent_instruction_id,
        resolved.parent_instruction_id is not null
        and parents.reject_reason is not null as parent_dropped
    from resolved
    left join resolved as parents on resolved.parent_instruction_id = parents.instruction_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        base_repairs
        || case when parent_dropped then array['parent_order_rejected_unset'] else array[]::text[] end
            as repairs
    from with_parent

)

select * from final
