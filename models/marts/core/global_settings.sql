-- global_settings: key/value configuration (dispatch_globalsetting), from
-- int_global_settings__resolved (every setting migrates). id is the UUID map_global_settings
-- assigned; legacy_id is dispatch_globalsetting.id. setting_key becomes key; value is the text
-- exactly as stored, value_json the same value as jsonb when it is JSON (NULL for plain strings).
-- An incremental run merges the settings the intermediate model changed since this mart last succeeded.
with

settings as (

    select * from {{ ref('int_global_settings__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

setting_ids as (

    select * from {{ ref('map_global_settings') }}

),

final as (

    select
        setting_ids.id,
        settings.global_setting_id::bigint as legacy_id,
        settings.setting_key::text as key,
        settings.setting_value as value,
        settings.setting_value_json as value_json,
        settings.description::text as description,
        settings.modified_at as updated_at
    from settings
    inner join setting_ids on settings.global_setting_id = setting_ids.legacy_id

)

select * from final
