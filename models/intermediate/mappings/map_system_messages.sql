-- legacy dispatch_notification.id -> UUID, assigned once and never changed
{{ uuid_mapping(source('legacy', 'dispatch_notification'), 'id') }}
