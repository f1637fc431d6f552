-- The product catalogue. The category is a workflow-domain category, the one the intermediate
-- model verified as migrated (unset otherwise).
with

products as (

    select * from {{ ref('int_products__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

product_ids as (

    select * from {{ ref('map_products') }}

),

category_ids as (

    select * from {{ ref('map_categories') }}

),

final as (

    select
        product_ids.id,
        products.product_id::bigint as legacy_id,
        products.product_name as name,
        products.sku,
        products.description,
        category_ids.id as category_id,
        products.kind,
        products.is_active,
        products.sort_order::integer as sort_order,
        products.square_catalog_id,
        products.created_at,
        products.modified_at as updated_at
    from products
    inner join product_ids on products.product_id = product_ids.legacy_id
    left join category_ids on products.resolved_category_id = category_ids.legacy_id

)

select * from final
