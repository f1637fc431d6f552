-- legacy dispatch_purchase.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_purchase'), 'purchase_id', 'dispatch_purchase') }}
