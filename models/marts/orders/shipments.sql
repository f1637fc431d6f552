with

shipments as (

    select * from {{ ref('int_shipments__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

shipment_ids as (

    select * from {{ ref('map_shipments') }}

),

order_ids as (

    select * from {{ ref('map_orders') }}

),

courier_ids as (

    select * from {{ ref('map_couriers') }}

),

address_ids as (

    select * from {{ ref('map_addresses') }}

),

final as (

    select
        shipment_ids.id,
        shipments.shipment_id::bigint as legacy_id,
        order_ids.id as order_id,
        courier_ids.id as courier_id,
        address_ids.id as address_id,
        shipments.direction,
        shipments.status,
        shipments.tracking_number,
        shipments.weight_kg,
        shipments.shipped_at,
        shipments.delivered_at,
        shipments.label_path,
        shipments.created_at,
        shipments.modified_at as updated_at
    from shipments
    inner join shipment_ids on shipments.shipment_id = shipment_ids.legacy_id
    inner join order_ids on shipments.instruction_id = order_ids.legacy_id
    left join courier_ids on shipments.resolved_courier_id = courier_ids.legacy_id
    left join address_ids on shipments.resolved_address_id = address_ids.legacy_id

)

select * from final
