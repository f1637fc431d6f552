-- One row per dispatch_operation (Square API operation). Always migrates: a purchase that was not
-- migrated (deleted from the legacy database, ...) is unset; who triggered it follows the profile
-- resolution (duplicate users repointed, a user without a live profile unset). The card data are
-- the typed columns staging extracted; raw_response never reaches this model (a response that is
-- not JSON, issue 12, is read by pattern and counted as a repair). Small: every row is classified
-- again on every run.
{{ config(unique_key='operation_id') }}

with

operations as (

    select * from {{ ref('stg_legacy__dispatch_operation') }}

),

purchases as (

    select * from {{ ref('int_purchases__resolved') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

resolved as (

    select
        operations.*,
        {{ kept_reference('purchases', 'operations.purchase_id') }} as resolved_purchase_id,
        -- a profile's tombstone keeps its last resolved_user_id: only a live profile row counts
        case when not {{ parent_missing('creators', 'user_id') }} then creators.resolved_user_id end
            as created_by_user_id,
        case when {{ is_unset('purchases', 'operations.purchase_id') }} then 'purchase_rejected_unset' end
            as purchase_repair
    from operations
    left join purchases on operations.purchase_id = purchases.purchase_id
    left join profiles as creators on operations.created_by_id = creators.user_id

),

final as (

    select
        operation_id,
        purchase_id,
        kind,
        square_payment_id,
        square_refund_id,
        square_order_id,
        square_location_id,
        idempotency_key,
        idempotency_key_text,
        amount,
        currency,
        status,
        card_brand,
        card_last4,
        card_exp_month,
        card_exp_year,
        raw_response_is_malformed,
        raw_response_had_card_number,
        error,
        created_by_id,
        created_at,
        resolved_purchase_id,
        created_by_user_id,
        null::text as reject_reason,
        null::text as reject_detail,
        'migrated'::text as disposition,
        array_remove(array[
            purchase_repair,
            case when created_by_id is not null and created_by_user_id is null then 'creator_without_profile_unset' end,
            case when created_by_id <> created_by_user_id then 'creator_repointed_to_kept_duplicate_user' end,
            case when raw_response_is_malformed then 'raw_response_malformed_json_nulled' end
        ], null) || {{ card_masked_repairs() }} as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
