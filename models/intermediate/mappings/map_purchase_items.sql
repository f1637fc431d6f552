-- legacy dispatch_purchaseitem.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_purchaseitem'), 'purchase_item_id', 'dispatch_purchaseitem') }}
