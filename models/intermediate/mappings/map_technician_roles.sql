-- legacy dispatch_product_roles.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_product_roles'), 'product_role_id', 'dispatch_product_roles') }}
