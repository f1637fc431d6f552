-- legacy dispatch_purchaseitem.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_purchaseitem'), 'id') }}
