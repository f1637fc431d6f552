-- One row per dispatch_purchase. A purchase is a financial record: it always migrates. A nullable
-- reference whose parent was not migrated (deleted from the legacy database, rejected, ...) is
-- unset and recorded as a repair: its office, its order (e.g. an issue-1 orphan), its coupon
-- (coupon_<missing|rejected>_unset); a buyer who is a case-duplicate user is repointed to the kept
-- user, one without a live profile unset. Small: every row is classified again on every run.
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
        {{ kept_reference('offices', 'purchases.office_id') }} as resolved_office_id,
        -- a profile's tombstone keeps its last resolved_user_id: only a live profile row counts
        case when not {{ parent_missing('buyers', 'user_id') }} then buyers.resolved_user_id end as buyer_user_id,
        {{ kept_reference('orders', 'purchases.instruction_id') }} as resolved_instruction_id,
        {{ kept_reference('coupons', 'purchases.coupon_id') }} as resolved_coupon_id,
        array_remove(array[
            case when {{ is_unset('offices', 'purchases.office_id') }} then 'office_not_migrated_unset' end,
            case when {{ is_unset('orders', 'purchases.instruction_id') }} then 'order_rejected_unset' end,
            case
                when not {{ is_unset('coupons', 'purchases.coupon_id') }} then null
                when {{ parent_missing('coupons', 'coupon_id') }} then 'coupon_missing_unset'
                else 'coupon_' || coupons.disposition || '_unset'
            end
        ], null) as reference_repairs
    from purchases
    left join offices on purchases.office_id = offices.office_id
    left join profiles as buyers on purchases.user_id = buyers.user_id
    left join orders on purchases.instruction_id = orders.instruction_id
    left join coupons on purchases.coupon_id = coupons.coupon_id

),

final as (

    select
        purchase_id,
        purchase_number,
        office_id,
        user_id,
        instruction_id,
        coupon_id,
        status,
        subtotal,
        discount_amount,
        tax,
        total,
        currency,
        paid_at,
        note,
        created_at,
        modified_at,
        resolved_office_id,
        buyer_user_id,
        resolved_instruction_id,
        resolved_coupon_id,
        null::text as reject_reason,
        null::text as reject_detail,
        'migrated'::text as disposition,
        reference_repairs || array_remove(array[
            case when user_id is not null and buyer_user_id is null then 'buyer_without_profile_unset' end,
            case when user_id <> buyer_user_id then 'buyer_repointed_to_kept_duplicate_user' end
        ], null) || {{ card_masked_repairs() }} as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
