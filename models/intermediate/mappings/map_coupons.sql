-- legacy dispatch_coupon.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_coupon'), 'coupon_id', 'dispatch_coupon') }}
