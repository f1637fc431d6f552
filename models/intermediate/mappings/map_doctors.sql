-- legacy dispatch_office_doctors.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_office_doctors'), 'id') }}
