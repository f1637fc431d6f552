-- legacy dispatch_instruction_products.id -> UUID, assigned once and never changed
{{ uuid_mapping(
    ref('stg_legacy__dispatch_instruction_products'), 'instruction_product_id', 'dispatch_instruction_products'
) }}
