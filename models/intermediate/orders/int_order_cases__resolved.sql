-- One row per migrated order: the case (treatment) it belongs to. A case is the chain of
-- orders linked by parent_id; its root is an order without a migrated parent (parent NULL, or
-- rejected and unset by int_orders__resolved). Every migrated order reaches exactly one root.
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
    -- a guard against a corrupt parent cycle
    where chains.depth < 1000

),

final as (

    select
        instruction_id,
        root_instruction_id,
        depth
    from chains

)

select * from final
