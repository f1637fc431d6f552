-- One row per dispatch_bracket. Every bracket migrates (a reference table).
{{ config(unique_key='bracket_id') }}

with

brackets as (

    select * from {{ ref('stg_legacy__dispatch_bracket') }}

),

final as (

    select
        *,
        'migrated' as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        array[]::text[] as repairs,
        {{ tracking_columns() }}
    from brackets

)

select * from final
