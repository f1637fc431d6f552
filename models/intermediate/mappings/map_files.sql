-- legacy dispatch_file.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_file'), 'file_id', 'dispatch_file') }}
