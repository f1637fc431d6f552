-- legacy dispatch_purchase.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_purchase'), 'id') }}
