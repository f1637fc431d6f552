-- Promotional offers that are active and unexpired at the run's as-of instant (issue 9). An offer
-- that expires after an earlier run migrated it leaves the mart (mart_sync); the foreign keys
-- pointing here are ON DELETE SET NULL, and the children (coupons, purchase lines) are
-- classified again with the offer unset and the repair recorded.
with

offers as (

    select * from {{ ref('int_offers__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

offer_ids as (

    select * from {{ ref('map_offers') }}

),

product_ids as (

    select * from {{ ref('map_products') }}

),

office_ids as (

    select * from {{ ref('map_offices') }}

),

final as (

    select
        offer_ids.id,
        offers.offer_id::bigint as legacy_id,
        offers.offer_name as name,
        offers.description,
        product_ids.id as product_id,
        office_ids.id as office_id,
        offers.price::numeric(12, 2) as price,
        offers.currency,
        offers.min_quantity,
        offers.is_active,
        offers.valid_from,
        offers.valid_to,
        offers.max_uses,
        offers.used_count,
        offers.created_at,
        offers.modified_at as updated_at
    from offers
    inner join offer_ids on offers.offer_id = offer_ids.legacy_id
    left join product_ids on offers.product_id = product_ids.legacy_id
    left join office_ids on offers.office_id = office_ids.legacy_id

)

select * from final
