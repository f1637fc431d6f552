-- legacy dispatch_doctornote.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_doctornote'), 'id') }}
