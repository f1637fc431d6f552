-- legacy dispatch_instruction_products.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_instruction_products'), 'id') }}
