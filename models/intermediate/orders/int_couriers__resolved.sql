-- One row per dispatch_courier. Every courier migrates (a reference table).
with

couriers as (

    select * from {{ ref('stg_legacy__dispatch_courier') }}

),

final as (

    select
        *,
        'migrated' as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        array[]::text[] as repairs
    from couriers

)

select * from final
