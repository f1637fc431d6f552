-- One row per dispatch_role_permissions link: migrated when both its role and its permission
-- exist, rejected otherwise (missing_role, missing_permission).
{{ config(unique_key='role_permission_id') }}

with

links as (

    select * from {{ ref('stg_legacy__dispatch_role_permissions') }}

),

roles as (

    select * from {{ ref('int_roles__resolved') }}

),

permissions as (

    select * from {{ ref('int_permissions__resolved') }}

),

resolved as (

    select
        links.*,
        case
            when {{ parent_missing('roles', 'role_id') }} then 'missing_role'
            when {{ parent_missing('permissions', 'permission_id') }} then 'missing_permission'
        end as reject_reason,
        case
            when {{ parent_missing('roles', 'role_id') }} then 'role ' || links.role_id || ' does not exist'
            when {{ parent_missing('permissions', 'permission_id') }}
                then 'permission ' || links.permission_id || ' does not exist'
        end as reject_detail
    from links
    left join roles on links.role_id = roles.role_id
    left join permissions on links.permission_id = permissions.permission_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        array[]::text[] as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
