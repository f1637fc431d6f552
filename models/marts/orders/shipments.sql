-- shipments: parcels of an order in both directions (dispatch_shipment), from
-- int_shipments__resolved. id is the UUID map_shipments assigned; legacy_id is dispatch_shipment.id.
-- Only migrated shipments: one of a missing or rejected order is rejected upstream. An address that
-- did not migrate and a courier that does not exist are unset (repairs). An incremental run merges
-- the shipments the intermediate model changed since this mart last succeeded.
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
