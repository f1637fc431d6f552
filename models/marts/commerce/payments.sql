-- The payments ledger staff kept by hand: amounts rounded to cents once (issue 17), credits and
-- adjustments negative, currency explicit.
with

payments as (

    select * from {{ ref('int_payments__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

payment_ids as (

    select * from {{ ref('map_payments') }}

),

office_ids as (

    select * from {{ ref('map_offices') }}

),

order_ids as (

    select * from {{ ref('map_orders') }}

),

profile_ids as (

    select * from {{ ref('map_profiles') }}

),

final as (

    select
        payment_ids.id,
        payments.payment_id::bigint as legacy_id,
        office_ids.id as office_id,
        order_ids.id as order_id,
        profile_ids.id as recorded_by_id,
        payments.amount::numeric(12, 2) as amount,
        payments.currency,
        payments.is_credit,
        payments.method,
        payments.reference,
        payments.note,
        payments.paid_at,
        payments.created_at
    from payments
    inner join payment_ids on payments.payment_id = payment_ids.legacy_id
    left join office_ids on payments.resolved_office_id = office_ids.legacy_id
    left join order_ids on payments.resolved_instruction_id = order_ids.legacy_id
    left join profile_ids on payments.recorded_by_user_id = profile_ids.legacy_id

)

select * from final
