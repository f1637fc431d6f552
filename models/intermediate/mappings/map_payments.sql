-- legacy dispatch_payment.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_payment'), 'id') }}
