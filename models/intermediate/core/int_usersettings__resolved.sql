-- One row per dispatch_usersetting: merged into its user's profile (a 1:1 extension), so it
-- follows the user: migrated with the profile, rejected when the user is (profile_rejected), or
-- when the user does not exist (missing_user). Malformed preferences (NULL in the profile) and
-- card numbers masked in its text are repairs of this row.
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
        -- the repairs of the usersetting's own columns: its row holds them, not the user's
        case
            when profiles.disposition = 'migrated'
                then array_remove(array[
                    case when settings.preferences_is_malformed then 'preferences_malformed_json_nulled' end
                ], null) || {{ card_masked_repairs('settings') }}
            else array[]::text[]
        end as repairs,
        {{ tracking_columns() }}
    from settings
    left join profiles on settings.user_id = profiles.user_id

)

select * from final
