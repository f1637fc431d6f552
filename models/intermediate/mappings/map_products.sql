-- legacy dispatch_product.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_product'), 'id') }}
