-- role_permissions: which permissions each business role grants (dispatch_role_permissions), from
-- int_role_permissions__resolved. id is the UUID map_role_permissions assigned; legacy_id is
-- dispatch_role_permissions.id. Only migrated links: one whose role or permission does not exist is
-- rejected upstream (missing_role, missing_permission). An incremental run merges the links the
-- intermediate model changed since this mart last succeeded.
with

links as (

    select * from {{ ref('int_role_permissions__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

link_ids as (

    select * from {{ ref('map_role_permissions') }}

),

role_ids as (

    select * from {{ ref('map_roles') }}

),

permission_ids as (

    select * from {{ ref('map_permissions') }}

),

final as (

    select
        link_ids.id,
        links.role_permission_id::bigint as legacy_id,
        role_ids.id as role_id,
        permission_ids.id as permission_id
    from links
    inner join link_ids on links.role_permission_id = link_ids.legacy_id
    inner join role_ids on links.role_id = role_ids.legacy_id
    inner join permission_ids on links.permission_id = permission_ids.legacy_id

)

select * from final
