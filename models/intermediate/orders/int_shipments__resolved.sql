-- One row per dispatch_shipment: the shipment it becomes, or why it cannot. A shipment of a
-- rejected order is rejected (order_rejected); a reference to a rejected address is unset
-- (repair). Couriers always migrate.
with

shipments as (

    select * from {{ ref('stg_legacy__dispatch_shipment') }}

),

orders as (

    select * from {{ ref('int_orders__resolved') }}

),

addresses as (

    select * from {{ ref('int_addresses__resolved') }}

),

resolved as (

    select
        shipments.*,
        case when addresses.disposition = 'migrated' then shipments.address_id end as resolved_address_id,
        {{ parent_rejection(
            'orders', 'instruction_id', 'shipments.instruction_id',
            'instruction', 'missing_instruction', 'order_rejected'
        ) }},
        array_remove(array[
            case
                when shipments.address_id is not null and coalesce(addresses.disposition, 'missing') <> 'migrated'
                    then 'address_rejected_unset'
            end
        ], null) as candidate_repairs
    from shipments
    left join orders on shipments.instruction_id = orders.instruction_id
    left join addresses on shipments.address_id = addresses.address_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are recorded on migrated rows only
        case when reject_reason is null then candidate_repairs else array[]::text[] end as repairs
    from resolved

)

select * from final
