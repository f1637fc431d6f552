-- One row per case (treatment): a root order and the orders chained to it by parent_id. The
-- case takes the root order's patient and office; its state is the latest migrated case state
-- (dispatch_state) of any of its orders. Cases have no legacy table: dispatch_instruction's
-- ledger accounts for their rows.
{{ config(unique_key='root_instruction_id') }}

with

order_cases as (

    select * from {{ ref('int_order_cases__resolved') }}

),

orders as (

    select * from {{ ref('int_orders__resolved') }}
    where disposition = 'migrated'

),

states as (

    select * from {{ ref('int_case_states__resolved') }}
    where disposition = 'migrated'

),

case_orders as (

    select
        order_cases.root_instruction_id,
        count(*) as order_count,
        max(orders.created_at) as last_order_at
    from order_cases
    inner join orders on order_cases.instruction_id = orders.instruction_id
    group by order_cases.root_instruction_id

),

latest_states as (

    select distinct on (order_cases.root_instruction_id)
        order_cases.root_instruction_id,
        states.to_state as state,
        states.changed_at as state_changed_at
    from states
    inner join order_cases on states.instruction_id = order_cases.instruction_id
    order by order_cases.root_instruction_id asc, states.changed_at desc, states.state_id desc

),

final as (

    select
        roots.instruction_id as root_instruction_id,
        roots.patient_id,
        roots.resolved_office_id as office_id,
        roots.kind,
        roots.created_at as opened_at,
        case_orders.order_count,
        case_orders.last_order_at,
        latest_states.state,
        latest_states.state_changed_at,
        'migrated' as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        array[]::text[] as repairs,
        {{ tracking_columns() }}
    from orders as roots
    inner join case_orders on roots.instruction_id = case_orders.root_instruction_id
    left join latest_states on roots.instruction_id = latest_states.root_instruction_id

)

select * from final
