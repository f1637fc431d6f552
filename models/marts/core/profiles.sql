-- profiles: one per login, auth_user merged with its dispatch_usersetting, from
-- int_profiles__resolved. id is the UUID map_profiles assigned; legacy_id is auth_user.id,
-- legacy_usersetting_id the merged dispatch_usersetting.id. Only migrated users: one without an
-- e-mail, or a duplicate of another user's address but for case (kept: active first, then latest
-- login), is rejected upstream (issues 7 and 13). email is the lower-case address, email_as_entered
-- as typed. role is the legacy role's slug, else derived: lab-staff, doctor (has offices) or
-- office-user (role_id NULL then). NULL notification settings default to e-mail on, SMS off; an
-- office that does not exist is unset. updated_at is the later of date_joined and the usersetting's
-- modified. An incremental run merges the profiles the intermediate model changed since this mart
-- last succeeded.
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
