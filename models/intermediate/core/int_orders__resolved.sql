-- One row per dispatch_instruction: the order it becomes, or why it cannot. An instruction
-- whose patient does not exist is an orphan (issue 1); one whose patient was rejected follows
-- it. A missing office is taken from the patient. Soft-deleted orders migrate flagged (issue 18).
-- The parent reference (refinements, retainers) is kept only when it leads, through migrated
-- orders, to a root: a parent that is not migrated is unset; an order that is its own parent
-- has it unset; in a cycle of parents (A -> B -> A, or longer) the order with the smallest id
-- has its parent unset and becomes the root of the chain. Each unset is a recorded repair.
{{ config(unique_key='instruction_id') }}

with recursive

instructions as (

    select * from {{ ref('stg_legacy__dispatch_instruction') }}

),

patients as (

    select * from {{ ref('int_patients__resolved') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

offices as (

    select * from {{ ref('int_offices__resolved') }}

),

resolved as (

    select
        instructions.*,
        doctors.resolved_user_id as doctor_user_id,
        creators.resolved_user_id as created_by_user_id,
        coalesce(instructions.office_id, patients.resolved_office_id) as resolved_office_id,
        instructions.office_id is not null and {{ parent_missing('offices', 'office_id') }} as office_missing,
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
            end,
            case when instructions.options_is_malformed then 'options_malformed_json_nulled' end
        ], null) || {{ card_masked_repairs('instructions') }} as base_repairs
    from instructions
    left join patients on instructions.patient_id = patients.patient_id
    left join profiles as doctors on instructions.doctor_id = doctors.user_id
    left join profiles as creators on instructions.created_by_id = creators.user_id
    left join offices on instructions.office_id = offices.office_id

),

classified as (

    select
        *,
        coalesce(reject_reason, case when office_missing then 'missing_office' end) as final_reason,
        coalesce(reject_detail, case when office_missing then 'office ' || office_id || ' does not exist' end)
            as final_detail
    from resolved

),

-- the parent of a migrated order, when that parent is a migrated order too
candidate_parents as (

    select
        children.instruction_id,
        children.parent_instruction_id
    from classified as children
    inner join classified as parents on children.parent_instruction_id = parents.instruction_id
    where children.final_reason is null and parents.final_reason is null

),

-- walking up from every order through its parents; stops at a root or at a revisited order
ancestry as (

    select
        instruction_id as start_id,
        parent_instruction_id as current_id,
        array[instruction_id] as path
    from candidate_parents

    union all

    select
        ancestry.start_id,
        up.parent_instruction_id as current_id,
        ancestry.path || ancestry.current_id as path
    from ancestry
    inner join candidate_parents as up on ancestry.current_id = up.instruction_id
    where not ancestry.current_id = any(ancestry.path)

),

-- orders that lead back to themselves: members of a cycle, with the cycle's smallest id
cycle_members as (

    select distinct on (start_id)
        start_id as instruction_id,
        (select min(member) from unnest(path) as member) as cycle_min_id,
        cardinality(path) as cycle_length
    from ancestry
    where current_id = start_id
    order by start_id, cardinality(path)

),

with_parent as (

    select
        classified.*,
        case
            when classified.parent_instruction_id = classified.instruction_id then 'parent_is_self_unset'
            when cycle_members.cycle_min_id = classified.instruction_id then 'parent_cycle_broken_unset'
            when classified.parent_instruction_id is not null and candidate_parents.instruction_id is null
                then 'parent_order_rejected_unset'
        end as parent_repair,
        case
            when classified.parent_instruction_id = classified.instruction_id then null
            when cycle_members.cycle_min_id = classified.instruction_id then null
            else candidate_parents.parent_instruction_id
        end as resolved_parent_instruction_id
    from classified
    left join candidate_parents on classified.instruction_id = candidate_parents.instruction_id
    left join cycle_members on classified.instruction_id = cycle_members.instruction_id

),

final as (

    select
        instruction_id,
        order_number,
        patient_id,
        office_id,
        doctor_id,
        created_by_id,
        parent_instruction_id,
        kind,
        status,
        arch,
        priority,
        treatment_goals,
        special_instructions,
        options,
        options_is_malformed,
        ipr_allowed,
        attachments_allowed,
        extraction_teeth,
        submitted_at,
        due_date,
        shipped_at,
        is_deleted,
        deleted_at,
        created_at,
        modified_at,
        doctor_user_id,
        created_by_user_id,
        resolved_office_id,
        resolved_parent_instruction_id,
        final_reason as reject_reason,
        final_detail as reject_detail,
        case when final_reason is null then 'migrated' else 'rejected' end as disposition,
        case
            when final_reason is null then array_remove(base_repairs || parent_repair, null)
            else array[]::text[]
        end as repairs,
        {{ tracking_columns() }}
    from with_parent

)

select * from final
