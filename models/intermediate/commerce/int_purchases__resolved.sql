-- One row per dispatch_purchase. A purchase is a financial record: it always migrates. A nullable
-- reference whose parent was not migrated is unset and recorded as a repair (its order rejected,
-- e.g. an issue-1 orphan; its coupon rejected; its office not migrated); a buyer who is a
-- case-duplicate user is repointed to the kept user.
{{ config(unique_key='purchase_id') }}

with

purchases as (

    select * from {{ ref('stg_legacy__dispatch_purchase') }}

),

offices as (

    select * from {{ ref('int_offices__resolved') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

orders as (

    select * from {{ ref('int_orders__resolved') }}

),

coupons as (

    select * from {{ ref('int_coupons__resolved') }}

),

resolved as (

    select
        purchases.*,
        case when offices.disposition = 'migrated' then purchases.office_id end as resolved_office_id,
        buyers.resolved_user_id as buyer_user_id,
        case when orders.disposition = 'migrated' then purchases.instruction_id end as resolved_instruction_id,
        case when coupons.disposition = 'migrated' then purchases.coupon_id end as resolved_coupon_id,
        null::text as reject_reason,
        null::text as reject_detail,
        array_remove(array[
            case
                when purchases.office_id is not null and coalesce(offices.disposition, 'missing') <> 'migrated'
                    then 'office_not_migrated_unset'
            end,
            case
                when purchases.user_id is not null and buyers.resolved_user_id is null
                    then 'buyer_without_profile_unset'
            end,
            case
                when purchases.user_id <> buyers.resolved_user_id
                    then 'buyer_repointed_to_kept_duplicate_user'
            end,
            case
                when purchases.instruction_id is not null and coalesce(orders.disposition, 'missing') <> 'migrated'
                    then 'order_rejected_unset'
            end,
            case
                when purchases.coupon_id is not null and coalesce(coupons.disposition, 'missing') <> 'migrated'
                    then 'coupon_rejected_unset'
            end
        ], null) as repairs
    from purchases
    left join offices on purchases.office_id = offices.office_id
    left join profiles as buyers on purchases.user_id = buyers.user_id
    left join orders on purchases.instruction_id = orders.instruction_id
    left join coupons on purchases.coupon_id = coupons.coupon_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        {{ tracking_columns() }}
    from resolved

)

select * from final
