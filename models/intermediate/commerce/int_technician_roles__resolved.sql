-- One row per dispatch_product_roles link: the technician role that may work cases of a product.
-- Roles are never rejected (referenced through map_roles in the mart); a link whose product was
-- not migrated is rejected.
{{ config(unique_key='product_role_id') }}

with

product_roles as (

    select * from {{ ref('stg_legacy__dispatch_product_roles') }}

),

products as (

    select * from {{ ref('int_products__resolved') }}

),

classified as (

    select
        product_roles.*,
        case when coalesce(products.disposition, 'missing') <> 'migrated' then 'product_rejected' end as reject_reason,
        case
            when coalesce(products.disposition, 'missing') <> 'migrated'
                then 'product ' || product_roles.product_id || ' was not migrated'
        end as reject_detail
    from product_roles
    left join products on product_roles.product_id = products.product_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        array[]::text[] as repairs,
        {{ tracking_columns() }}
    from classified

)

select * from final
