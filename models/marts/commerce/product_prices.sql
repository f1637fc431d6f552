-- Price history per product, optionally specific to an office; exact numeric with its currency.
with

prices as (

    select * from {{ ref('int_product_prices__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

price_ids as (

    select * from {{ ref('map_product_prices') }}

),

product_ids as (

    select * from {{ ref('map_products') }}

),

office_ids as (

    select * from {{ ref('map_offices') }}

),

final as (

    select
        price_ids.id,
        prices.price_id::bigint as legacy_id,
        product_ids.id as product_id,
        office_ids.id as office_id,
        prices.amount::numeric(12, 2) as amount,
        prices.currency,
        prices.valid_from,
        prices.valid_to,
        prices.created_at
    from prices
    inner join price_ids on prices.price_id = price_ids.legacy_id
    inner join product_ids on prices.product_id = product_ids.legacy_id
    left join office_ids on prices.office_id = office_ids.legacy_id

)

select * from final
