-- One row per auth_user: the profile it becomes, or why it cannot (issues 7 and 13).
-- A user whose address equals another's but for case is rejected as a duplicate; references to
-- it (patients, orders, memberships) are repointed to the kept user (resolved_user_id). Small:
-- every row is classified again on every run, written only when it changed.
{{ config(
    unique_key='user_id',
    class_columns=['disposition', 'reject_reason', 'resolved_user_id', 'office_id'],
    tombstone_clears=['resolved_user_id', 'office_id'],
) }}

with

users as (

    select * from {{ ref('stg_legacy__auth_user') }}

),

settings as (

    select * from {{ ref('stg_legacy__dispatch_usersetting') }}

),

roles as (

    select * from {{ ref('stg_legacy__dispatch_role') }}

),

offices as (

    select * from {{ ref('int_offices__resolved') }}

),

memberships as (

    select
        user_id,
        count(*) as office_count
    from {{ ref('stg_legacy__dispatch_office_doctors') }}
    group by user_id

),

-- the kept user of each case-insensitive address: active first, then most recent login
email_owners as (

    select
        user_id,
        first_value(user_id) over (
            partition by email_normalized
            order by is_active desc, last_login_at desc nulls last, user_id asc
        ) as kept_user_id,
        count(*) over (partition by email_normalized) as users_with_address
    from users
    where email_normalized is not null

),

joined as (

    select
        users.*,
        settings.usersetting_id,
        settings.phone_raw,
        settings.phone_e164,
        settings.locale,
        settings.timezone,
        {{ kept_reference('offices', 'settings.office_id') }} as office_id,
        {{ is_unset('offices', 'settings.office_id') }} as office_dropped,
        settings.preferences,
        settings.preferences_is_malformed,
        settings.avatar_path,
        settings.title,
        settings.license_number,
        settings.last_seen_at,
        settings.modified_at as settings_modified_at,
        roles.role_id as assigned_role_id,
        roles.role_slug as assigned_role_slug,
        email_owners.kept_user_id,
        email_owners.users_with_address,
        coalesce(settings.email_notifications, true) as email_notifications,
        coalesce(settings.sms_notifications, false) as sms_notifications,
        coalesce(memberships.office_count, 0) as office_count
    from users
    left join settings on users.user_id = settings.user_id
    left join roles on settings.role_id = roles.role_id
    left join offices on settings.office_id = offices.office_id
    left join memberships on users.user_id = memberships.user_id
    left join email_owners on users.user_id = email_owners.user_id

),

classified as (

    select
        *,
        case
            when email_normalized is null then 'missing_email'
            when kept_user_id <> user_id then 'duplicate_email'
        end as reject_reason,
        case
            when email_normalized is null then 'auth_user.email is NULL or empty'
            when kept_user_id <> user_id
                then 'same address as user ' || kept_user_id || ' but for case; kept that user'
        end as reject_detail,
        coalesce(
            assigned_role_slug,
            case
                when is_staff then 'lab-staff'
                when office_count > 0 then 'doctor'
                else 'office-user'
            end
        ) as role_slug,
        array_remove(array[
            case when usersetting_id is null then 'usersetting_missing_defaults_used' end,
            case when assigned_role_slug is null then 'role_derived_from_staff_flag_and_offices' end,
            case when office_dropped then 'office_missing_unset' end
        ], null) as candidate_repairs
    from joined

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        case
            when reject_reason is null then user_id
            when reject_reason = 'duplicate_email' then kept_user_id
        end as resolved_user_id,
        case when reject_reason is null then candidate_repairs else array[]::text[] end as repairs,
        {{ tracking_columns() }}
    from classified

)

select * from final
