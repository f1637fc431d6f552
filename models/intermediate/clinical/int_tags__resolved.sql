-- One row per dispatch_tag. Every tag migrates.
with

tags as (

    select * from {{ ref('stg_legacy__dispatch_tag') }}

),

final as (

    select
        *,
        'migrated' as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        array[]::text[] as repairs
    from tags

)

select * from final
