-- legacy dispatch_country.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_country'), 'id') }}
