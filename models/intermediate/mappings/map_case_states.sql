-- legacy dispatch_state.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_state'), 'state_id', 'dispatch_state') }}
