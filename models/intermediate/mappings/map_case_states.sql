-- legacy dispatch_state.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_state'), 'id') }}
