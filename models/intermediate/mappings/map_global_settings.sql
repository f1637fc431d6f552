-- legacy dispatch_globalsetting.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_globalsetting'), 'id') }}
