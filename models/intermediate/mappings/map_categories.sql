-- legacy dispatch_category.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_category'), 'id') }}
