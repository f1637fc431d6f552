-- legacy dispatch_patient_tags.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_patient_tags'), 'patient_tag_id', 'dispatch_patient_tags') }}
