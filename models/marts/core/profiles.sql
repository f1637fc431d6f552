with

profiles as (

    select * from {{ ref('int_profiles__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

profile_ids as (

    select * from {{ ref('map_profiles') }}

),

office_ids as (

    select * from {{ ref('map_offices') }}

),

role_ids as (

    select * from {{ ref('map_roles') }}

),

final as (

    select
        profile_ids.id,
        profiles.user_id::bigint as legacy_id,
        profiles.usersetting_id::bigint as legacy_usersetting_id,
        profiles.email_normalized as email,
        profiles.email as email_as_entered,
        profiles.username,
        profiles.first_name,
        profiles.last_name,
        profiles.role_slug::text as role,
        profiles.is_staff,
        profiles.is_active,
        profiles.is_superuser,
        office_ids.id as office_id,
        profiles.phone_e164 as phone,
        profiles.phone_raw,
        profiles.locale,
        profiles.timezone,
        profiles.title,
        profiles.license_number,
        profiles.avatar_path,
        profiles.email_notifications,
        profiles.sms_notifications,
        profiles.preferences,
        profiles.last_login_at,
        profiles.last_seen_at,
        profiles.date_joined_at as created_at,
        greatest(profiles.date_joined_at, profiles.settings_modified_at) as updated_at,
        role_ids.id as role_id
    from profiles
    inner join profile_ids on profiles.user_id = profile_ids.legacy_id
    left join office_ids on profiles.office_id = office_ids.legacy_id
    left join role_ids on profiles.assigned_role_id = role_ids.legacy_id

)

select * from final
