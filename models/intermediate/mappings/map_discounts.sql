-- legacy dispatch_discount.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_discount'), 'discount_id', 'dispatch_discount') }}
