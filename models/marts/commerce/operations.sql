-- Square API operations. PCI (issue 11): only the card brand, last 4 and expiry, as typed columns;
-- the legacy raw_response is never copied.
with

operations as (

    select * from {{ ref('int_operations__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

operation_ids as (

    select * from {{ ref('map_operations') }}

),

purchase_ids as (

    select * from {{ ref('map_purchases') }}

),

profile_ids as (

    select * from {{ ref('map_profiles') }}

),

final as (

    select
        operation_ids.id,
        operations.operation_id::bigint as legacy_id,
        purchase_ids.id as purchase_id,
        operations.kind,
        operations.status,
        operations.amount::numeric(12, 2) as amount,
        operations.currency,
        operations.square_payment_id,
        operations.square_refund_id,
        operations.square_order_id,
        operations.square_location_id,
        operations.idempotency_key,
        operations.idempotency_key_text,
        operations.card_brand,
        operations.card_last4,
        operations.card_exp_month,
        operations.card_exp_year,
        operations.error,
        profile_ids.id as created_by_id,
        operations.created_at
    from operations
    inner join operation_ids on operations.operation_id = operation_ids.legacy_id
    left join purchase_ids on operations.resolved_purchase_id = purchase_ids.legacy_id
    left join profile_ids on operations.created_by_user_id = profile_ids.legacy_id

)

select * from final
