-- order_cases: which case each order belongs to, one row per migrated order, from
-- int_order_cases__resolved; no mapping of its own: id is derived from the order's UUID
-- (order_case_id(), md5 of 'order_case:' and the order id), stable forever; legacy_id is the
-- order's dispatch_instruction.id. case_id is the case of the order's root; position_in_case is the
-- order's depth in the chain (0 for the root). An incremental run merges the rows the intermediate
-- model changed since this mart last succeeded.
with

order_cases as (

    select * from {{ ref('int_order_cases__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

order_ids as (

    select * from {{ ref('map_orders') }}

),

case_ids as (

    select * from {{ ref('map_cases') }}

),

final as (

    select
        {{ order_case_id('order_ids.id') }} as id,
        order_cases.instruction_id::bigint as legacy_id,
        order_ids.id as order_id,
        case_ids.id as case_id,
        order_cases.depth::integer as position_in_case
    from order_cases
    inner join order_ids on order_cases.instruction_id = order_ids.legacy_id
    inner join case_ids on order_cases.root_instruction_id = case_ids.legacy_id

)

select * from final
