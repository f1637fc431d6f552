-- The ledger entries of the commerce domain: one per legacy row of dispatch_product,
-- dispatch_price, dispatch_product_roles, dispatch_offer, dispatch_discount, dispatch_coupon,
-- dispatch_purchase, dispatch_purchaseitem, dispatch_operation, dispatch_payment and
-- dispatch_invoice.
with

products as (

    {{ ledger_entries(ref('int_products__resolved'), 'dispatch_product', 'product_id', 'products') }}

),

product_prices as (

    {{ ledger_entries(ref('int_product_prices__resolved'), 'dispatch_price', 'price_id', 'product_prices') }}

),

technician_roles as (

    {{ ledger_entries(
        ref('int_technician_roles__resolved'), 'dispatch_product_roles', 'product_role_id', 'technician_roles'
    ) }}

),

offers as (

    {{ ledger_entries(ref('int_offers__resolved'), 'dispatch_offer', 'offer_id', 'offers') }}

),

discounts as (

    {{ ledger_entries(ref('int_discounts__resolved'), 'dispatch_discount', 'discount_id', 'discounts') }}

),

coupons as (

    {{ ledger_entries(ref('int_coupons__resolved'), 'dispatch_coupon', 'coupon_id', 'coupons') }}

),

purchases as (

    {{ ledger_entries(ref('int_purchases__resolved'), 'dispatch_purchase', 'purchase_id', 'purchases') }}

),

purchase_items as (

    {{ ledger_entries(
        ref('int_purchase_items__resolved'), 'dispatch_purchaseitem', 'purchase_item_id', 'purchase_items'
    ) }}

),

operations as (

    {{ ledger_entries(ref('int_operations__resolved'), 'dispatch_operation', 'operation_id', 'operations') }}

),

payments as (

    {{ ledger_entries(ref('int_payments__resolved'), 'dispatch_payment', 'payment_id', 'payments') }}

),

invoices as (

    {{ ledger_entries(ref('int_invoices__resolved'), 'dispatch_invoice', 'invoice_id', 'invoices') }}

),

final as (

    select * from products
    union all
    select * from product_prices
    union all
    select * from technician_roles
    union all
    select * from offers
    union all
    select * from discounts
    union all
    select * from coupons
    union all
    select * from purchases
    union all
    select * from purchase_items
    union all
    select * from operations
    union all
    select * from payments
    union all
    select * from invoices

)

select * from final
