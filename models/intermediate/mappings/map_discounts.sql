-- legacy dispatch_discount.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_discount'), 'id') }}
