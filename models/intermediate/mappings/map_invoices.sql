-- legacy dispatch_invoice.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_invoice'), 'id') }}
