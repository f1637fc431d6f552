-- One row per dispatch_courier. Every courier migrates (a reference table).
{{ config(unique_key='courier_id') }}

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
        array[]::text[] as repairs,
        {{ tracking_columns() }}
    from couriers

)

select * from final
