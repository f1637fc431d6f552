-- One row per dispatch_usersetting: merged into its user's profile (a 1:1 extension), so it
-- follows the user: migrated with the profile, rejected when the user is (profile_rejected), or
-- when the user does not exist (missing_user).
{{ config(unique_key='usersetting_id') }}

with

settings as (

    select * from {{ ref('stg_legacy__dispatch_usersetting') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

final as (

    select
        settings.usersetting_id,
        settings.user_id,
        {{ parent_rejection('profiles', 'user_id', 'settings.user_id', 'user', 'missing_user', 'profile_rejected') }},
        case when profiles.disposition = 'migrated' then 'migrated' else 'rejected' end as disposition,
        array[]::text[] as repairs,
        {{ tracking_columns() }}
    from settings
    left join profiles on settings.user_id = profiles.user_id

)

select * from final
