-- One row per dispatch_office. Every office migrates; soft-deleted offices keep deleted_at
-- (they still own patients and orders).
with

offices as (

    select * from {{ ref('stg_legacy__dispatch_office') }}

),

final as (

    select
        *,
        'migrated' as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        array[]::text[] as repairs
    from offices

)

select * from final
