-- One row per dispatch_coupon. A coupon built on a rejected (invalid) discount is rejected with it
-- (discount_rejected). A coupon for an offer that is not carried over (issue 9: inactive or
-- expired) keeps its history and migrates with the offer unset (offer_<excluded|rejected>_unset).
-- A code stored in lower case is kept as it is, flagged code_is_redeemable = false.
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

classified as (

    select
        coupons.*,
        case when offers.disposition = 'migrated' then coupons.offer_id end as resolved_offer_id,
        offers.disposition as offer_disposition,
        case
            when coupons.discount_id is not null and coalesce(discounts.disposition, 'missing') <> 'migrated'
                then 'discount_rejected'
            when coupons.office_id is not null and coalesce(offices.disposition, 'missing') <> 'migrated'
                then 'office_rejected'
        end as reject_reason,
        case
            when coupons.discount_id is not null and coalesce(discounts.disposition, 'missing') <> 'migrated'
                then 'discount ' || coupons.discount_id || ' was rejected (' || discounts.reject_reason || ')'
            when coupons.office_id is not null and coalesce(offices.disposition, 'missing') <> 'migrated'
                then 'office ' || coupons.office_id || ' was not migrated'
        end as reject_detail
    from coupons
    left join discounts on coupons.discount_id = discounts.discount_id
    left join offers on coupons.offer_id = offers.offer_id
    left join offices on coupons.office_id = offices.office_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        array_remove(array[
            case
                when offer_id is not null and resolved_offer_id is null
                    then 'offer_' || coalesce(offer_disposition, 'rejected') || '_unset'
            end
        ], null) as repairs,
        {{ tracking_columns() }}
    from classified

)

select * from final
