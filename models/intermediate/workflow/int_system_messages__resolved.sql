-- One row per dispatch_notification: the system message it becomes, or why it cannot. The
-- recipient is required: a notification of a user that does not exist (or was deleted from the
-- legacy database) is rejected (missing_user), one of a user without a profile is rejected with
-- it (profile_rejected); a duplicate user's go to the kept user. A payload that is '' or not JSON
-- (issue 12) becomes NULL and is counted as a repair. The largest table: change-driven, only the
-- changed notifications and those of users whose classification changed are classified again,
-- and only the classification is kept here (the mart reads the values from staging;
-- legacy_row_hash makes a changed legacy row a changed row here).
{{ config(unique_key='notification_id', recompute='changes') }}

with

notifications as (

    select notifications.* from {{ ref('stg_legacy__dispatch_notification') }} as notifications
    where {{ candidates(
        'notifications', ref('stg_legacy__dispatch_notification'), 'notification_id', 'dispatch_notification', parents=[
            ('user_id', ref('int_profiles__resolved'), 'user_id'),
        ]
    ) }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

resolved as (

    select
        notifications.*,
        {{ parent_missing('recipients', 'user_id') }} as recipient_missing,
        -- a profile's tombstone keeps its last resolved_user_id: only a live profile row counts
        case when not {{ parent_missing('recipients', 'user_id') }} then recipients.resolved_user_id end
            as recipient_user_id,
        recipients.disposition as recipient_disposition,
        recipients.reject_reason as recipient_reject_reason
    from notifications
    left join profiles as recipients on notifications.user_id = recipients.user_id

),

classified as (

    select
        *,
        case
            when recipient_missing then 'missing_user'
            when recipient_user_id is null then 'profile_rejected'
        end as reject_reason,
        case
            when recipient_missing then 'user ' || user_id || ' does not exist'
            when recipient_user_id is null
                then 'user ' || user_id || ' was ' || recipient_disposition || ' (' || recipient_reject_reason || ')'
        end as reject_detail
    from resolved

),

final as (

    select
        notification_id,
        user_id,
        legacy_row_hash,
        recipient_user_id,
        reject_reason,
        reject_detail,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are recorded on migrated rows only
        case
            when reject_reason is null
                then array_remove(array[
                    case when user_id <> recipient_user_id then 'recipient_repointed_to_kept_duplicate_user' end,
                    case when payload_is_empty then 'payload_empty_string_nulled' end,
                    case when payload_is_malformed then 'payload_malformed_json_nulled' end
                ], null) || {{ card_masked_repairs() }}
            else array[]::text[]
        end as repairs,
        {{ tracking_columns() }}
    from classified

)

select * from final
