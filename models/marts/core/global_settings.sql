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
