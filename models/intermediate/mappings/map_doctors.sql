-- legacy dispatch_office_doctors.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_office_doctors'), 'office_doctor_id', 'dispatch_office_doctors') }}
