-- legacy dispatch_operation.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_operation'), 'operation_id', 'dispatch_operation') }}
