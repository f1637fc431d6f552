-- legacy dispatch_courier.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_courier'), 'id') }}
