-- Redeemable codes. A code stored in lower case is kept as it is and flagged: the application
-- upper-cases input, so it cannot be redeemed. The discount and the offer are the ones the
-- intermediate model verified as migrated; the office of a migrated coupon is migrated.
-- depends_on: {{ ref('offers') }}
with

coupons as (

    select * from {{ ref('int_coupons__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

coupon_ids as (

    select * from {{ ref('map_coupons') }}

),

discount_ids as (

    select * from {{ ref('map_discounts') }}

),

offer_ids as (

    select * from {{ ref('map_offers') }}

),

office_ids as (

    select * from {{ ref('map_offices') }}

),

final as (

    select
        coupon_ids.id,
        coupons.coupon_id::bigint as legacy_id,
        coupons.code,
        coupons.code_is_redeemable,
        discount_ids.id as discount_id,
        offer_ids.id as offer_id,
        office_ids.id as office_id,
        coupons.amount_off::numeric(12, 2) as amount_off,
        coupons.currency,
        coupons.max_redemptions,
        coupons.times_redeemed,
        coupons.is_active,
        coupons.valid_from,
        coupons.valid_to,
        coupons.created_at,
        coupons.modified_at as updated_at
    from coupons
    inner join coupon_ids on coupons.coupon_id = coupon_ids.legacy_id
    left join discount_ids on coupons.resolved_discount_id = discount_ids.legacy_id
    left join offer_ids on coupons.resolved_offer_id = offer_ids.legacy_id
    left join office_ids on coupons.office_id = office_ids.legacy_id

)

select * from final
