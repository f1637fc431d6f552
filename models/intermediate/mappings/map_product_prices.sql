-- legacy dispatch_price.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_price'), 'price_id', 'dispatch_price') }}
