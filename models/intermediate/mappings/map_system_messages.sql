-- legacy dispatch_notification.id -> UUID, assigned once and never changed
{{ uuid_mapping(ref('stg_legacy__dispatch_notification'), 'notification_id', 'dispatch_notification') }}
