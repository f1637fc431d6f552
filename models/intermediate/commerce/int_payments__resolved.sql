-- One row per dispatch_payment (the hand-kept payments ledger). Always migrates, amount rounded
-- to cents in staging (issue 17) and negative credits kept. A nullable reference whose parent was
-- not migrated is unset and recorded (an order rejected as an issue-1 orphan, ...); the recording
-- user follows the profile resolution.
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
        case when offices.disposition = 'migrated' then payments.office_id end as resolved_office_id,
        case when orders.disposition = 'migrated' then payments.instruction_id end as resolved_instruction_id,
        recorders.resolved_user_id as recorded_by_user_id,
        null::text as reject_reason,
        null::text as reject_detail,
        array_remove(array[
            case
                when payments.office_id is not null and coalesce(offices.disposition, 'missing') <> 'migrated'
                    then 'office_not_migrated_unset'
            end,
            case
                when payments.instruction_id is not null and coalesce(orders.disposition, 'missing') <> 'migrated'
                    then 'order_rejected_unset'
            end,
            case
                when payments.user_id is not null and recorders.resolved_user_id is null
                    then 'recorder_without_profile_unset'
            end,
            case
                when payments.user_id <> recorders.resolved_user_id
                    then 'recorder_repointed_to_kept_duplicate_user'
            end
        ], null) as repairs
    from payments
    left join offices on payments.office_id = offices.office_id
    left join orders on payments.instruction_id = orders.instruction_id
    left join profiles as recorders on payments.user_id = recorders.user_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        {{ tracking_columns() }}
    from resolved

)

select * from final
