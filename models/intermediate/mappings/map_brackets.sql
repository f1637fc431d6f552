-- legacy dispatch_bracket.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_bracket'), 'bracket_id', 'dispatch_bracket') }}
