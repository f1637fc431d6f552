-- case_states: the case-state transitions of an order (dispatch_state), from
-- int_case_states__resolved. id is the UUID map_case_states assigned; legacy_id is
-- dispatch_state.id. Only migrated states: one whose instruction does not exist or was rejected (an
-- issue-1 orphan, ...) is rejected upstream (issue 3). from_state 0 (first release) is NULL. case_id
-- is the case of the order's root (int_order_cases__resolved, map_cases). The changer is the
-- resolved profile (a duplicate user's kept user; unset without a profile). An incremental run
-- merges the states the intermediate model changed since this mart last succeeded.
with

states as (

    select * from {{ ref('int_case_states__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

state_ids as (

    select * from {{ ref('map_case_states') }}

),

order_ids as (

    select * from {{ ref('map_orders') }}

),

order_cases as (

    select * from {{ ref('int_order_cases__resolved') }}

),

case_ids as (

    select * from {{ ref('map_cases') }}

),

profile_ids as (

    select * from {{ ref('map_profiles') }}

),

final as (

    select
        state_ids.id,
        states.state_id::bigint as legacy_id,
        order_ids.id as order_id,
        case_ids.id as case_id,
        states.from_state,
        states.to_state,
        changers.id as changed_by_id,
        states.changed_at,
        states.comment
    from states
    inner join state_ids on states.state_id = state_ids.legacy_id
    inner join order_ids on states.instruction_id = order_ids.legacy_id
    inner join order_cases on states.instruction_id = order_cases.instruction_id
    inner join case_ids on order_cases.root_instruction_id = case_ids.legacy_id
    left join profile_ids as changers on states.changed_by_user_id = changers.legacy_id

)

select * from final
