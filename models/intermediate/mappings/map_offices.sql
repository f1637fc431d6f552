-- legacy dispatch_office.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_office'), 'office_id', 'dispatch_office') }}
