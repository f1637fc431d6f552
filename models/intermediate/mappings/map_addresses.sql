-- legacy dispatch_address.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_address'), 'address_id', 'dispatch_address') }}
