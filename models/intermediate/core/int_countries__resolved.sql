-- One row per dispatch_country. Every country migrates (a reference table).
{{ config(unique_key='country_id') }}

with

countries as (

    select * from {{ ref('stg_legacy__dispatch_country') }}

),

final as (

    select
        *,
        'migrated' as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        {{ card_masked_repairs() }} as repairs,
        {{ tracking_columns() }}
    from countries

)

select * from final
