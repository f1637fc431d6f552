-- One row per dispatch_notification: the system message it becomes, or why it cannot. The
-- recipient is required: a notification of a user without a profile is rejected with it (a
-- duplicate user's go to the kept user). A payload that is '' or not JSON (issue 12) becomes
-- NULL and is counted as a repair.
{{ config(unique_key='notification_id') }}

with

notifications as (

    select * from {{ ref('stg_legacy__dispatch_notification') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

resolved as (

    select
        notifications.*,
        recipients.resolved_user_id as recipient_user_id,
        case
            when recipients.user_id is null then 'missing_user'
            when recipients.resolved_user_id is null then 'profile_rejected'
        end as reject_reason,
        case
            when recipients.user_id is null
                then 'user ' || notifications.user_id || ' does not exist'
            when recipients.resolved_user_id is null
                then 'user ' || notifications.user_id || ' was rejected (' || recipients.reject_reason || ')'
        end as reject_detail,
        array_remove(array[
            case
                when notifications.user_id <> recipients.resolved_user_id
                    then 'recipient_repointed_to_kept_duplicate_user'
            end,
            case when notifications.payload_is_empty then 'payload_empty_string_nulled' end,
            case when notifications.payload_is_malformed then 'payload_malformed_json_nulled' end
        ], null) as candidate_repairs
    from notifications
    left join profiles as recipients on notifications.user_id = recipients.user_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are those of a migrated row
        case when reject_reason is null then candidate_repairs else array[]::text[] end as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
