-- Lines of a purchase, in the purchase's currency.
-- depends_on: {{ ref('offers') }}
with

items as (

    select * from {{ ref('int_purchase_items__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

item_ids as (

    select * from {{ ref('map_purchase_items') }}

),

purchase_ids as (

    select * from {{ ref('map_purchases') }}

),

product_ids as (

    select * from {{ ref('map_products') }}

),

offer_ids as (

    select * from {{ ref('map_offers') }}

),

discount_ids as (

    select * from {{ ref('map_discounts') }}

),

final as (

    select
        item_ids.id,
        items.purchase_item_id::bigint as legacy_id,
        purchase_ids.id as purchase_id,
        product_ids.id as product_id,
        offer_ids.id as offer_id,
        discount_ids.id as discount_id,
        items.description,
        items.quantity,
        items.unit_price::numeric(12, 2) as unit_price,
        items.total::numeric(12, 2) as total,
        items.currency
    from items
    inner join item_ids on items.purchase_item_id = item_ids.legacy_id
    inner join purchase_ids on items.purchase_id = purchase_ids.legacy_id
    left join product_ids on items.resolved_product_id = product_ids.legacy_id
    left join offer_ids on items.resolved_offer_id = offer_ids.legacy_id
    left join discount_ids on items.resolved_discount_id = discount_ids.legacy_id

)

select * from final
