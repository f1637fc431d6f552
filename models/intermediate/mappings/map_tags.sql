-- legacy dispatch_tag.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_tag'), 'id') }}
