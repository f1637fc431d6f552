-- legacy dispatch_product.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_product'), 'product_id', 'dispatch_product') }}
