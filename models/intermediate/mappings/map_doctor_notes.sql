-- legacy dispatch_doctornote.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_doctornote'), 'doctor_note_id', 'dispatch_doctornote') }}
