-- Per money column of the legacy database and currency: the legacy total (the legacy values as
-- rounded once at staging) = the total in the marts + the total of the rows the ledger rejects or
-- excludes, to the cent (difference = 0). Covers every column of the legacy README's money table;
-- dispatch_discount.value counts fixed-amount discounts only (a percent is not money).
with

ledger as (

    select * from {{ ref('row_ledger') }}
    where disposition in ('rejected', 'excluded')

),

stg_prices as (

    select * from {{ ref('stg_legacy__dispatch_price') }}

),

stg_purchases as (

    select * from {{ ref('stg_legacy__dispatch_purchase') }}

),

stg_purchase_items as (

    select * from {{ ref('stg_legacy__dispatch_purchaseitem') }}

),

stg_invoices as (

    select * from {{ ref('stg_legacy__dispatch_invoice') }}

),

stg_operations as (

    select * from {{ ref('stg_legacy__dispatch_operation') }}

),

stg_coupons as (

    select * from {{ ref('stg_legacy__dispatch_coupon') }}

),

stg_payments as (

    select * from {{ ref('stg_legacy__dispatch_payment') }}

),

stg_offers as (

    select * from {{ ref('stg_legacy__dispatch_offer') }}

),

stg_discounts as (

    select * from {{ ref('stg_legacy__dispatch_discount') }}

),

product_prices as (

    select * from {{ ref('product_prices') }}

),

purchases as (

    select * from {{ ref('purchases') }}

),

purchase_items as (

    select * from {{ ref('purchase_items') }}

),

invoices as (

    select * from {{ ref('invoices') }}

),

operations as (

    select * from {{ ref('operations') }}

),

coupons as (

    select * from {{ ref('coupons') }}

),

payments as (

    select * from {{ ref('payments') }}

),

offers as (

    select * from {{ ref('offers') }}

),

discounts as (

    select * from {{ ref('discounts') }}

),

-- one row per legacy row and money column: (source_table, legacy_id, name, currency, amount)
legacy_amounts as (

    select
        'dispatch_price' as source_table,
        stg_prices.price_id as legacy_id,
        'dispatch_price.amount' as name,
        stg_prices.currency,
        stg_prices.amount
    from stg_prices
    union all
    select
        'dispatch_purchase' as source_table,
        stg_purchases.purchase_id as legacy_id,
        'dispatch_purchase.' || money.column_name as name,
        stg_purchases.currency,
        money.amount
    from stg_purchases
    cross join
        lateral (
            values
            ('subtotal', stg_purchases.subtotal),
            ('discount_amount', stg_purchases.discount_amount),
            ('tax', stg_purchases.tax),
            ('total', stg_purchases.total)
        ) as money (column_name, amount)
    union all
    select
        'dispatch_purchaseitem' as source_table,
        stg_purchase_items.purchase_item_id as legacy_id,
        'dispatch_purchaseitem.' || money.column_name as name,
        stg_purchases.currency,
        money.amount
    from stg_purchase_items
    left join stg_purchases on stg_purchase_items.purchase_id = stg_purchases.purchase_id
    cross join
        lateral (
            values
            ('unit_price', stg_purchase_items.unit_price),
            ('total', stg_purchase_items.total)
        ) as money (column_name, amount)
    union all
    select
        'dispatch_invoice' as source_table,
        stg_invoices.invoice_id as legacy_id,
        'dispatch_invoice.' || money.column_name as name,
        stg_invoices.currency,
        money.amount
    from stg_invoices
    cross join
        lateral (
            values ('amount', stg_invoices.amount), ('tax', stg_invoices.tax)
        ) as money (column_name, amount)
    union all
    select
        'dispatch_operation' as source_table,
        operation_id as legacy_id,
        'dispatch_operation.amount' as name,
        currency,
        amount
    from stg_operations
    union all
    select
        'dispatch_coupon' as source_table,
        coupon_id as legacy_id,
        'dispatch_coupon.amount_off_cents' as name,
        currency,
        amount_off as amount
    from stg_coupons
    where amount_off is not null
    union all
    select
        'dispatch_payment' as source_table,
        payment_id as legacy_id,
        'dispatch_payment.amount' as name,
        currency,
        amount
    from stg_payments
    union all
    select
        'dispatch_offer' as source_table,
        offer_id as legacy_id,
        'dispatch_offer.price' as name,
        currency,
        price as amount
    from stg_offers
    where price is not null
    union all
    select
        'dispatch_discount' as source_table,
        discount_id as legacy_id,
        'dispatch_discount.value' as name,
        currency,
        amount_off as amount
    from stg_discounts
    where kind = 'fixed_amount_off'

),

source_amounts as (

    select
        name,
        currency,
        amount
    from legacy_amounts

),

rejected_amounts as (

    select
        legacy_amounts.name,
        legacy_amounts.currency,
        legacy_amounts.amount
    from legacy_amounts
    inner join ledger
        on
            legacy_amounts.source_table = ledger.source_table
            and legacy_amounts.legacy_id = ledger.legacy_id

),

migrated_amounts as (

    select
        'dispatch_price.amount' as name,
        currency,
        amount
    from product_prices
    union all
    select
        'dispatch_purchase.' || money.column_name as name,
        purchases.currency,
        money.amount
    from purchases
    cross join
        lateral (
            values
            ('subtotal', purchases.subtotal),
            ('discount_amount', purchases.discount_amount),
            ('tax', purchases.tax),
            ('total', purchases.total)
        ) as money (column_name, amount)
    union all
    select
        'dispatch_purchaseitem.' || money.column_name as name,
        purchase_items.currency,
        money.amount
    from purchase_items
    cross join
        lateral (
            values ('unit_price', purchase_items.unit_price), ('total', purchase_items.total)
        ) as money (column_name, amount)
    union all
    select
        'dispatch_invoice.' || money.column_name as name,
        invoices.currency,
        money.amount
    from invoices
    cross join
        lateral (
            values ('amount', invoices.amount), ('tax', invoices.tax)
        ) as money (column_name, amount)
    union all
    select
        'dispatch_operation.amount' as name,
        currency,
        amount
    from operations
    union all
    select
        'dispatch_coupon.amount_off_cents' as name,
        currency,
        amount_off as amount
    from coupons
    where amount_off is not null
    union all
    select
        'dispatch_payment.amount' as name,
        currency,
        amount
    from payments
    union all
    select
        'dispatch_offer.price' as name,
        currency,
        price as amount
    from offers
    where price is not null
    union all
    select
        'dispatch_discount.value' as name,
        currency,
        amount_off as amount
    from discounts
    where kind = 'fixed_amount_off'

),

amounts as (

    select
        name,
        currency,
        amount as source_amount,
        0::numeric as migrated_amount,
        0::numeric as rejected_amount
    from source_amounts
    union all
    select
        name,
        currency,
        0::numeric as source_amount,
        amount as migrated_amount,
        0::numeric as rejected_amount
    from migrated_amounts
    union all
    select
        name,
        currency,
        0::numeric as source_amount,
        0::numeric as migrated_amount,
        amount as rejected_amount
    from rejected_amounts

),

totals as (

    select
        name,
        currency,
        sum(source_amount) as source_total,
        sum(migrated_amount) as migrated_total,
        sum(rejected_amount) as rejected_total
    from amounts
    group by name, currency

),

final as (

    select
        name::text as name,
        currency::text as currency,
        source_total::numeric(14, 2) as source_total,
        migrated_total::numeric(14, 2) as migrated_total,
        rejected_total::numeric(14, 2) as rejected_total,
        (source_total - migrated_total - rejected_total)::numeric(14, 2) as difference
    from totals

)

select * from final
