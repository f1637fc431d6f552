-- One row per dispatch_role_permissions link. Roles and permissions always migrate, so every
-- link does.
with

links as (

    select * from {{ ref('stg_legacy__dispatch_role_permissions') }}

),

final as (

    select
        *,
        'migrated' as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        array[]::text[] as repairs
    from links

)

select * from final
