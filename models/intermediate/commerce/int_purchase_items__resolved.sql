-- One row per dispatch_purchaseitem, in its purchase's currency. A line keeps its prices; an
-- offer that is not carried over (issue 9) or a rejected discount (issue 10) is unset and
-- recorded as a repair. A line whose purchase was not migrated is rejected (purchase_rejected).
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
        purchases.currency,
        case when products.disposition = 'migrated' then items.product_id end as resolved_product_id,
        case when offers.disposition = 'migrated' then items.offer_id end as resolved_offer_id,
        case when discounts.disposition = 'migrated' then items.discount_id end as resolved_discount_id,
        case when coalesce(purchases.disposition, 'missing') <> 'migrated' then 'purchase_rejected' end
            as reject_reason,
        case
            when coalesce(purchases.disposition, 'missing') <> 'migrated'
                then 'purchase ' || items.purchase_id || ' was not migrated'
        end as reject_detail,
        array_remove(array[
            case
                when items.product_id is not null and coalesce(products.disposition, 'missing') <> 'migrated'
                    then 'product_rejected_unset'
            end,
            case
                when items.offer_id is not null and coalesce(offers.disposition, 'missing') <> 'migrated'
                    then 'offer_' || coalesce(offers.disposition, 'rejected') || '_unset'
            end,
            case
                when items.discount_id is not null and coalesce(discounts.disposition, 'missing') <> 'migrated'
                    then 'discount_rejected_unset'
            end
        ], null) as repairs
    from items
    left join purchases on items.purchase_id = purchases.purchase_id
    left join products on items.product_id = products.product_id
    left join offers on items.offer_id = offers.offer_id
    left join discounts on items.discount_id = discounts.discount_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        {{ tracking_columns() }}
    from resolved

)

select * from final
