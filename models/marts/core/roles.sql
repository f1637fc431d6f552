with

roles as (

    select * from {{ ref('int_roles__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

role_ids as (

    select * from {{ ref('map_roles') }}

),

final as (

    select
        role_ids.id,
        roles.role_id::bigint as legacy_id,
        roles.role_name::text as name,
        roles.role_slug::text as slug,
        roles.description::text as description,
        roles.is_staff_role,
        roles.sort_order::integer as sort_order,
        roles.created_at
    from roles
    inner join role_ids on roles.role_id = role_ids.legacy_id

)

select * from final
