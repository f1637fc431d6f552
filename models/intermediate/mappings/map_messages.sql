-- legacy dispatch_record.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_record'), 'record_id', 'dispatch_record') }}
