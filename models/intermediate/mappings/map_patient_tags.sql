-- legacy dispatch_patient_tags.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_patient_tags'), 'id') }}
