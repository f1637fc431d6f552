-- One row per dispatch_purchaseitem, in its purchase's currency. The purchase is required: a line
-- whose purchase does not exist (deleted from the legacy database) is rejected
-- (missing_purchase), one whose purchase was not migrated too (purchase_rejected). A line keeps
-- its prices; a product that is not migrated, an offer that is not carried over (issue 9) or a
-- discount that is not migrated (issue 10) is unset and recorded as a repair per state of the
-- parent (offer_<missing|excluded|rejected>_unset, discount_<missing|rejected>_unset). Small:
-- every row is classified again on every run.
{{ config(unique_key='purchase_item_id') }}

with

items as (

    select * from {{ ref('stg_legacy__dispatch_purchaseitem') }}

),

purchases as (

    select * from {{ ref('int_purchases__resolved') }}

),

products as (

    select * from {{ ref('int_products__resolved') }}

),

offers as (

    select * from {{ ref('int_offers__resolved') }}

),

discounts as (

    select * from {{ ref('int_discounts__resolved') }}

),

resolved as (

    select
        items.*,
        -- the purchase's currency (a tombstone keeps the last one: the amounts of a rejected line
        -- are still reported in it)
        purchases.currency,
        {{ kept_reference('products', 'items.product_id') }} as resolved_product_id,
        {{ kept_reference('offers', 'items.offer_id') }} as resolved_offer_id,
        {{ kept_reference('discounts', 'items.discount_id') }} as resolved_discount_id,
        {{ parent_rejection(
            'purchases', 'purchase_id', 'items.purchase_id',
            'purchase', 'missing_purchase', 'purchase_rejected'
        ) }},
        array_remove(array[
            case when {{ is_unset('products', 'items.product_id') }} then 'product_rejected_unset' end,
            case
                when not {{ is_unset('offers', 'items.offer_id') }} then null
                when {{ parent_missing('offers', 'offer_id') }} then 'offer_missing_unset'
                else 'offer_' || offers.disposition || '_unset'
            end,
            case
                when not {{ is_unset('discounts', 'items.discount_id') }} then null
                when {{ parent_missing('discounts', 'discount_id') }} then 'discount_missing_unset'
                else 'discount_' || discounts.disposition || '_unset'
            end
        ], null) || {{ card_masked_repairs('items') }} as candidate_repairs
    from items
    left join purchases on items.purchase_id = purchases.purchase_id
    left join products on items.product_id = products.product_id
    left join offers on items.offer_id = offers.offer_id
    left join discounts on items.discount_id = discounts.discount_id

),

final as (

    select
        purchase_item_id,
        purchase_id,
        product_id,
        offer_id,
        discount_id,
        description,
        quantity,
        unit_price,
        total,
        currency,
        resolved_product_id,
        resolved_offer_id,
        resolved_discount_id,
        reject_reason,
        reject_detail,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are recorded on migrated rows only
        case when reject_reason is null then candidate_repairs else array[]::text[] end as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
