-- legacy dispatch_courier.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_courier'), 'courier_id', 'dispatch_courier') }}
