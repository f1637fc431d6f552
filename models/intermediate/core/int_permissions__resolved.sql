-- One row per auth_permission, its content type resolved to (app_label, model) by name through
-- django_content_type (ids differ between databases). Every permission migrates.
{{ config(unique_key='permission_id') }}

with

permissions as (

    select * from {{ ref('stg_legacy__auth_permission') }}

),

content_types as (

    select * from {{ ref('stg_legacy__django_content_type') }}

),

resolved as (

    select
        permissions.*,
        content_types.app_label,
        content_types.model_name as model
    from permissions
    left join content_types on permissions.content_type_id = content_types.content_type_id

),

final as (

    select
        *,
        'migrated' as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        array[]::text[] as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
