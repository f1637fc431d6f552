-- One row per dispatch_country. Every country migrates (a reference table).
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
        array[]::text[] as repairs
    from countries

)

select * from final
