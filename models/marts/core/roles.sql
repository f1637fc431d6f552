-- roles: business roles, lab roles and office roles (dispatch_role), from int_roles__resolved
-- (every role migrates). id is the UUID map_roles assigned; legacy_id is dispatch_role.id.
-- role_name and role_slug become name and slug (the stable key). An incremental run merges the
-- roles the intermediate model changed since this mart last succeeded.
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
