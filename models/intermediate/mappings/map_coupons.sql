-- legacy dispatch_coupon.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_coupon'), 'id') }}
