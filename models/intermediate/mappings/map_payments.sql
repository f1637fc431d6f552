-- legacy dispatch_payment.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_payment'), 'payment_id', 'dispatch_payment') }}
