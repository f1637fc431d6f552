-- One row per dispatch_instruction_products line: the order item it becomes, or why it cannot.
-- A line of a rejected order is rejected (order_rejected). Products always migrate.
with

lines as (

    select * from {{ ref('stg_legacy__dispatch_instruction_products') }}

),

orders as (

    select * from {{ ref('int_orders__resolved') }}

),

resolved as (

    select
        lines.*,
        case
            when orders.instruction_id is null then 'missing_instruction'
            when orders.disposition = 'rejected' then 'order_rejected'
        end as reject_reason,
        case
            when orders.instruction_id is null
                then 'instruction ' || lines.instruction_id || ' does not exist'
            when orders.disposition = 'rejected'
                then 'instruction ' || lines.instruction_id || ' was rejected (' || orders.reject_reason || ')'
        end as reject_detail
    from lines
    left join orders on lines.instruction_id = orders.instruction_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        array[]::text[] as repairs
    from resolved

)

select * from final
