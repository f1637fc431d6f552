-- Checkouts paid through Square; exact numeric amounts with their currency.
with

purchases as (

    select * from {{ ref('int_purchases__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

purchase_ids as (

    select * from {{ ref('map_purchases') }}

),

office_ids as (

    select * from {{ ref('map_offices') }}

),

profile_ids as (

    select * from {{ ref('map_profiles') }}

),

order_ids as (

    select * from {{ ref('map_orders') }}

),

coupon_ids as (

    select * from {{ ref('map_coupons') }}

),

final as (

    select
        purchase_ids.id,
        purchases.purchase_id::bigint as legacy_id,
        purchases.purchase_number as number,
        office_ids.id as office_id,
        profile_ids.id as buyer_id,
        order_ids.id as order_id,
        coupon_ids.id as coupon_id,
        purchases.status,
        purchases.subtotal::numeric(12, 2) as subtotal,
        purchases.discount_amount::numeric(12, 2) as discount_amount,
        purchases.tax::numeric(12, 2) as tax,
        purchases.total::numeric(12, 2) as total,
        purchases.currency,
        purchases.paid_at,
        purchases.note,
        purchases.created_at,
        purchases.modified_at as updated_at
    from purchases
    inner join purchase_ids on purchases.purchase_id = purchase_ids.legacy_id
    left join office_ids on purchases.resolved_office_id = office_ids.legacy_id
    left join profile_ids on purchases.buyer_user_id = profile_ids.legacy_id
    left join order_ids on purchases.resolved_instruction_id = order_ids.legacy_id
    left join coupon_ids on purchases.resolved_coupon_id = coupon_ids.legacy_id

)

select * from final
