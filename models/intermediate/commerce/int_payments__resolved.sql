-- One row per dispatch_payment (the hand-kept payments ledger). Always migrates, amount rounded
-- to cents in staging (issue 17) and negative credits kept. A nullable reference whose parent was
-- not migrated (deleted from the legacy database, an order rejected as an issue-1 orphan, ...) is
-- unset and recorded; the recording user follows the profile resolution (duplicate users
-- repointed, a user without a live profile unset). Small: every row is classified again on every
-- run.
{{ config(unique_key='payment_id') }}

with

payments as (

    select * from {{ ref('stg_legacy__dispatch_payment') }}

),

offices as (

    select * from {{ ref('int_offices__resolved') }}

),

orders as (

    select * from {{ ref('int_orders__resolved') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

resolved as (

    select
        payments.*,
        {{ kept_reference('offices', 'payments.office_id') }} as resolved_office_id,
        {{ kept_reference('orders', 'payments.instruction_id') }} as resolved_instruction_id,
        -- a profile's tombstone keeps its last resolved_user_id: only a live profile row counts
        case when not {{ parent_missing('recorders', 'user_id') }} then recorders.resolved_user_id end
            as recorded_by_user_id,
        array_remove(array[
            case when {{ is_unset('offices', 'payments.office_id') }} then 'office_not_migrated_unset' end,
            case when {{ is_unset('orders', 'payments.instruction_id') }} then 'order_rejected_unset' end
        ], null) as reference_repairs
    from payments
    left join offices on payments.office_id = offices.office_id
    left join orders on payments.instruction_id = orders.instruction_id
    left join profiles as recorders on payments.user_id = recorders.user_id

),

final as (

    select
        payment_id,
        office_id,
        instruction_id,
        user_id,
        amount,
        currency,
        is_credit,
        method,
        reference,
        note,
        paid_at,
        created_at,
        resolved_office_id,
        resolved_instruction_id,
        recorded_by_user_id,
        null::text as reject_reason,
        null::text as reject_detail,
        'migrated'::text as disposition,
        reference_repairs || array_remove(array[
            case when user_id is not null and recorded_by_user_id is null then 'recorder_without_profile_unset' end,
            case when user_id <> recorded_by_user_id then 'recorder_repointed_to_kept_duplicate_user' end
        ], null) || {{ card_masked_repairs() }} as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
