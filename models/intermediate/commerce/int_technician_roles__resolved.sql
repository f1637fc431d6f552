-- One row per dispatch_product_roles link: the technician role that may work cases of a product.
-- Both ends are required: a link whose product or role does not exist (deleted from the legacy
-- database) is rejected (missing_product, missing_role), as is one whose product or role was not
-- migrated (product_rejected, role_rejected). Small: every row is classified again on every run.
{{ config(unique_key='product_role_id') }}

with

product_roles as (

    select * from {{ ref('stg_legacy__dispatch_product_roles') }}

),

products as (

    select * from {{ ref('int_products__resolved') }}

),

roles as (

    select * from {{ ref('int_roles__resolved') }}

),

classified as (

    select
        product_roles.*,
        case
            when {{ parent_missing('products', 'product_id') }} then 'missing_product'
            when products.disposition <> 'migrated' then 'product_rejected'
            when {{ parent_missing('roles', 'role_id') }} then 'missing_role'
            when roles.disposition <> 'migrated' then 'role_rejected'
        end as reject_reason,
        case
            when {{ parent_missing('products', 'product_id') }}
                then 'product ' || product_roles.product_id || ' does not exist'
            when products.disposition <> 'migrated'
                then
                    'product ' || product_roles.product_id || ' was ' || products.disposition
                    || ' (' || products.reject_reason || ')'
            when {{ parent_missing('roles', 'role_id') }}
                then 'role ' || product_roles.role_id || ' does not exist'
            when roles.disposition <> 'migrated'
                then
                    'role ' || product_roles.role_id || ' was ' || roles.disposition
                    || ' (' || roles.reject_reason || ')'
        end as reject_detail
    from product_roles
    left join products on product_roles.product_id = products.product_id
    left join roles on product_roles.role_id = roles.role_id

),

final as (

    select
        product_role_id,
        product_id,
        role_id,
        reject_reason,
        reject_detail,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are recorded on migrated rows only
        case when reject_reason is null then {{ card_masked_repairs() }} else array[]::text[] end as repairs,
        {{ tracking_columns() }}
    from classified

)

select * from final
