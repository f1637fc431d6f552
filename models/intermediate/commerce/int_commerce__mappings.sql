-- The legacy id -> UUID mappings of the commerce domain.
with

mappings as (

    {{ mapping_union([
        ('product', 'dispatch_product', 'map_products'),
        ('product_price', 'dispatch_price', 'map_product_prices'),
        ('technician_role', 'dispatch_product_roles', 'map_technician_roles'),
        ('offer', 'dispatch_offer', 'map_offers'),
        ('discount', 'dispatch_discount', 'map_discounts'),
        ('coupon', 'dispatch_coupon', 'map_coupons'),
        ('purchase', 'dispatch_purchase', 'map_purchases'),
        ('purchase_item', 'dispatch_purchaseitem', 'map_purchase_items'),
        ('operation', 'dispatch_operation', 'map_operations'),
        ('payment', 'dispatch_payment', 'map_payments'),
        ('invoice', 'dispatch_invoice', 'map_invoices'),
    ]) }}

),

final as (

    select * from mappings

)

select * from final
