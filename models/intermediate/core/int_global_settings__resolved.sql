-- One row per dispatch_globalsetting. Every setting migrates, its value as text and as jsonb
-- when it is JSON.
{{ config(unique_key='global_setting_id') }}

with

settings as (

    select * from {{ ref('stg_legacy__dispatch_globalsetting') }}

),

final as (

    select
        *,
        'migrated' as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        {{ card_masked_repairs() }} as repairs,
        {{ tracking_columns() }}
    from settings

)

select * from final
