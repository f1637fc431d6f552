-- order_items: products ordered on an order (dispatch_instruction_products), from
-- int_order_items__resolved. id is the UUID map_order_items assigned; legacy_id is
-- dispatch_instruction_products.id. Only migrated lines: a line of a missing or rejected order, or
-- of a product that does not exist or was not migrated, is rejected upstream. quantity is kept as
-- is (0 occurs). An incremental run merges the lines the intermediate model changed since this mart
-- last succeeded.
with

lines as (

    select * from {{ ref('int_order_items__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

item_ids as (

    select * from {{ ref('map_order_items') }}

),

order_ids as (

    select * from {{ ref('map_orders') }}

),

product_ids as (

    select * from {{ ref('map_products') }}

),

final as (

    select
        item_ids.id,
        lines.instruction_product_id::bigint as legacy_id,
        order_ids.id as order_id,
        product_ids.id as product_id,
        lines.quantity
    from lines
    inner join item_ids on lines.instruction_product_id = item_ids.legacy_id
    inner join order_ids on lines.instruction_id = order_ids.legacy_id
    inner join product_ids on lines.product_id = product_ids.legacy_id

)

select * from final
