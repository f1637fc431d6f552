-- One row per dispatch_coupon. The discount and the offer are optional: one that is not carried
-- over is unset and the coupon keeps its history, recorded as a repair per state of the parent
-- (discount_<missing|rejected>_unset for a discount deleted from the legacy database or invalid,
-- issue 10; offer_<missing|excluded|rejected>_unset for an offer deleted, inactive or expired,
-- issue 9, or rejected). A coupon restricted to an office that does not exist or was not
-- migrated is rejected (missing_office, office_rejected): unsetting the restriction would open
-- the coupon to every office. A code stored in lower case is kept as it is, flagged
-- code_is_redeemable = false. Small: every row is classified again on every run.
{{ config(unique_key='coupon_id') }}

with

coupons as (

    select * from {{ ref('stg_legacy__dispatch_coupon') }}

),

discounts as (

    select * from {{ ref('int_discounts__resolved') }}

),

offers as (

    select * from {{ ref('int_offers__resolved') }}

),

offices as (

    select * from {{ ref('int_offices__resolved') }}

),

resolved as (

    select
        coupons.*,
        {{ kept_reference('discounts', 'coupons.discount_id') }} as resolved_discount_id,
        {{ kept_reference('offers', 'coupons.offer_id') }} as resolved_offer_id,
        case
            when coupons.office_id is not null and {{ parent_missing('offices', 'office_id') }} then 'missing_office'
            when coupons.office_id is not null and offices.disposition <> 'migrated' then 'office_rejected'
        end as reject_reason,
        case
            when coupons.office_id is not null and {{ parent_missing('offices', 'office_id') }}
                then 'office ' || coupons.office_id || ' does not exist'
            when coupons.office_id is not null and offices.disposition <> 'migrated'
                then
                    'office ' || coupons.office_id || ' was ' || offices.disposition
                    || ' (' || offices.reject_reason || ')'
        end as reject_detail,
        case
            when not {{ is_unset('discounts', 'coupons.discount_id') }} then null
            when {{ parent_missing('discounts', 'discount_id') }} then 'discount_missing_unset'
            else 'discount_' || discounts.disposition || '_unset'
        end as discount_repair,
        case
            when not {{ is_unset('offers', 'coupons.offer_id') }} then null
            when {{ parent_missing('offers', 'offer_id') }} then 'offer_missing_unset'
            else 'offer_' || offers.disposition || '_unset'
        end as offer_repair
    from coupons
    left join discounts on coupons.discount_id = discounts.discount_id
    left join offers on coupons.offer_id = offers.offer_id
    left join offices on coupons.office_id = offices.office_id

),

final as (

    select
        coupon_id,
        code,
        code_is_redeemable,
        discount_id,
        offer_id,
        office_id,
        amount_off,
        currency,
        max_redemptions,
        times_redeemed,
        is_active,
        valid_from,
        valid_to,
        created_at,
        modified_at,
        resolved_discount_id,
        resolved_offer_id,
        reject_reason,
        reject_detail,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are recorded on migrated rows only
        case
            when reject_reason is null
                then array_remove(array[discount_repair, offer_repair], null) || {{ card_masked_repairs() }}
            else array[]::text[]
        end as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
