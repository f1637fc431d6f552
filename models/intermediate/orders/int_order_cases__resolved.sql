-- One row per migrated order: the case (treatment) it belongs to. A case is the chain of
-- orders linked by parent_id; its root is an order without a kept parent (parent NULL, or unset
-- by int_orders__resolved: rejected, the order itself, or the break of a cycle). Since every
-- order has at most one kept parent and the kept parents form no cycle, every migrated order
-- reaches exactly one root.
{{ config(unique_key='instruction_id') }}

with recursive

orders as (

    select * from {{ ref('int_orders__resolved') }}
    where disposition = 'migrated'

),

chains as (

    select
        instruction_id,
        instruction_id as root_instruction_id,
        0 as depth
    from orders
    where resolved_parent_instruction_id is null

    union all

    select
        children.instruction_id,
        chains.root_instruction_id,
        chains.depth + 1 as depth
    from chains
    inner join orders as children on chains.instruction_id = children.resolved_parent_instruction_id
    -- cycles are broken in int_orders__resolved; this bound only turns a defect there into
    -- missing rows (which matches_ledger on order_cases reports) instead of an endless query
    where chains.depth < 10000

),

final as (

    select
        instruction_id,
        root_instruction_id,
        depth,
        'migrated' as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        array[]::text[] as repairs,
        {{ tracking_columns() }}
    from chains

)

select * from final
