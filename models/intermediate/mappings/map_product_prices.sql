-- legacy dispatch_price.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_price'), 'id') }}
