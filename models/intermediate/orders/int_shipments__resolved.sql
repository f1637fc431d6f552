-- One row per dispatch_shipment: the shipment it becomes, or why it cannot. A shipment of a
-- rejected order is rejected (order_rejected); a reference to a rejected address is unset
-- (repair), as is a courier that does not exist.
{{ config(unique_key='shipment_id', recompute='changes') }}

with

shipments as (

    select shipments.* from {{ ref('stg_legacy__dispatch_shipment') }} as shipments
    where {{ candidates('shipments', ref('stg_legacy__dispatch_shipment'), 'shipment_id', 'dispatch_shipment', parents=[
        ('instruction_id', ref('int_orders__resolved'), 'instruction_id'),
        ('address_id', ref('int_addresses__resolved'), 'address_id'),
        ('courier_id', ref('int_couriers__resolved'), 'courier_id'),
    ]) }}

),

orders as (

    select * from {{ ref('int_orders__resolved') }}

),

addresses as (

    select * from {{ ref('int_addresses__resolved') }}

),

couriers as (

    select * from {{ ref('int_couriers__resolved') }}

),

resolved as (

    select
        shipments.*,
        {{ kept_reference('addresses', 'shipments.address_id') }} as resolved_address_id,
        {{ kept_reference('couriers', 'shipments.courier_id') }} as resolved_courier_id,
        {{ parent_rejection(
            'orders', 'instruction_id', 'shipments.instruction_id',
            'instruction', 'missing_instruction', 'order_rejected'
        ) }},
        array_remove(array[
            case when {{ is_unset('addresses', 'shipments.address_id') }} then 'address_rejected_unset' end,
            case when {{ is_unset('couriers', 'shipments.courier_id') }} then 'courier_missing_unset' end
        ], null) || {{ card_masked_repairs('shipments') }} as candidate_repairs
    from shipments
    left join orders on shipments.instruction_id = orders.instruction_id
    left join addresses on shipments.address_id = addresses.address_id
    left join couriers on shipments.courier_id = couriers.courier_id

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
