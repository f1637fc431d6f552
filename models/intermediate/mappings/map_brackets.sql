-- legacy dispatch_bracket.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_bracket'), 'id') }}
