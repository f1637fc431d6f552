-- One row per dispatch_role. Every role migrates (a reference table).
with

roles as (

    select * from {{ ref('stg_legacy__dispatch_role') }}

),

final as (

    select
        *,
        'migrated' as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        array[]::text[] as repairs
    from roles

)

select * from final
