-- One row per dispatch_state: the case state it becomes, or why it cannot (issue 3). The
-- instruction_id is unenforced: a state whose instruction does not exist is rejected
-- (missing_instruction), one whose instruction was rejected (an issue-1 orphan, ...) follows it
-- (order_rejected, the detail says why). from_state = 0
-- (first release) is normalised to NULL, recorded as a repair; it is not a failure.
{{ config(unique_key='state_id') }}

with

states as (

    select * from {{ ref('stg_legacy__dispatch_state') }}

),

orders as (

    select * from {{ ref('int_orders__resolved') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

resolved as (

    select
        states.*,
        changers.resolved_user_id as changed_by_user_id,
        {{ parent_rejection(
            'orders', 'instruction_id', 'states.instruction_id',
            'instruction', 'missing_instruction', 'order_rejected'
        ) }},
        array_remove(array[
            case when states.from_state_is_zero then 'from_state_zero_normalised' end,
            case
                when states.changed_by_id is not null and changers.resolved_user_id is null
                    then 'changer_without_profile_unset'
            end,
            case
                when states.changed_by_id <> changers.resolved_user_id
                    then 'changer_repointed_to_kept_duplicate_user'
            end
        ], null) as candidate_repairs
    from states
    left join orders on states.instruction_id = orders.instruction_id
    left join profiles as changers on states.changed_by_id = changers.user_id

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
