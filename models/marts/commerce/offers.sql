-- Promotional offers that are active and unexpired at the run's as-of instant (issue 9). An offer
-- that was migrated by an earlier run and has expired since is deleted by the post-hook (merge
-- never deletes); the foreign keys pointing here are ON DELETE SET NULL, and the children
-- (coupons, purchase lines) are merged afterwards with the offer unset and the repair recorded.
{{ config(
    post_hook="
        delete from {{ this }} as mart
        where not exists (
            select from {{ ref('int_offers__resolved') }} as resolved
            where resolved.offer_id = mart.legacy_id and resolved.disposition = 'migrated'
        )
    "
) }}

with

offers as (

    select * from {{ ref('int_offers__resolved') }}
    where disposition = 'migrated'

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
