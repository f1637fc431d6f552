-- One row per dispatch_globalsetting. Every setting migrates, its value as text and as jsonb
-- when it is JSON.
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
        array[]::text[] as repairs
    from settings

)

select * from final
