-- legacy dispatch_patient.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_patient'), 'patient_id', 'dispatch_patient') }}
