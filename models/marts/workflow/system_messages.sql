-- system_messages: in-app notifications per profile (dispatch_notification), the largest table.
-- The recipient is the profile the intermediate model verified (a live, migrated profile, or the
-- kept user of a duplicate). An incremental run merges the notifications the intermediate model
-- changed since this mart last succeeded (`--full-compare` makes the sync catch "mark all as
-- read", which never bumped modified, issue 19).
with

notifications as (

    select * from {{ ref('int_system_messages__resolved') }}
    where
        disposition = 'migrated'
        and {{ changed_since() }}

),

legacy_values as (

    select * from {{ ref('stg_legacy__dispatch_notification') }}

),

notification_ids as (

    select * from {{ ref('map_system_messages') }}

),

profile_ids as (

    select * from {{ ref('map_profiles') }}

),

final as (

    select
        notification_ids.id,
        notifications.notification_id::bigint as legacy_id,
        recipients.id as profile_id,
        legacy_values.verb,
        legacy_values.level,
        legacy_values.payload,
        legacy_values.is_read,
        legacy_values.read_at,
        legacy_values.emailed,
        legacy_values.created_at,
        legacy_values.modified_at as updated_at
    from notifications
    inner join legacy_values on notifications.notification_id = legacy_values.notification_id
    inner join notification_ids on notifications.notification_id = notification_ids.legacy_id
    inner join profile_ids as recipients on notifications.recipient_user_id = recipients.legacy_id

)

select * from final
