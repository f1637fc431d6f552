-- permissions: Django permissions (auth_permission), from int_permissions__resolved (every
-- permission migrates). id is the UUID map_permissions assigned; legacy_id is auth_permission.id.
-- The content type is resolved to its app_label and model by name through django_content_type (ids
-- differ between databases); permission_name becomes name. An incremental run merges the
-- permissions the intermediate model changed since this mart last succeeded.
with

permissions as (

    select * from {{ ref('int_permissions__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

permission_ids as (

    select * from {{ ref('map_permissions') }}

),

final as (

    select
        permission_ids.id,
        permissions.permission_id::bigint as legacy_id,
        permissions.permission_name::text as name,
        permissions.codename::text as codename,
        permissions.app_label::text as app_label,
        permissions.model::text as model
    from permissions
    inner join permission_ids on permissions.permission_id = permission_ids.legacy_id

)

select * from final
