-- legacy dispatch_country.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_country'), 'country_id', 'dispatch_country') }}
