-- legacy dispatch_invoice.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_invoice'), 'invoice_id', 'dispatch_invoice') }}
