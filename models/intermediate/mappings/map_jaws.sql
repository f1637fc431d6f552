-- legacy dispatch_jaw.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_jaw'), 'jaw_id', 'dispatch_jaw') }}
