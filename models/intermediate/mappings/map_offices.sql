-- legacy dispatch_office.id -> offices.id (UUID), assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_office'), 'office_id') }}
