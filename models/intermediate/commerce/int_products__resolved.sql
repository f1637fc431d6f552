-- One row per dispatch_product. Every product migrates; its category is a workflow-domain
-- category, kept when that category migrates and otherwise unset (a category deleted from the
-- legacy database), recorded as a repair. Small: every row is classified again on every run.
{{ config(unique_key='product_id') }}

with

products as (

    select * from {{ ref('stg_legacy__dispatch_product') }}

),

categories as (

    select * from {{ ref('int_categories__resolved') }}

),

resolved as (

    select
        products.*,
        {{ kept_reference('categories', 'products.category_id') }} as resolved_category_id,
        array_remove(array[
            case when {{ is_unset('categories', 'products.category_id') }} then 'category_not_migrated_unset' end
        ], null) || {{ card_masked_repairs('products') }} as candidate_repairs
    from products
    left join categories on products.category_id = categories.category_id

),

final as (

    select
        product_id,
        product_name,
        sku,
        description,
        category_id,
        resolved_category_id,
        kind,
        is_active,
        sort_order,
        square_catalog_id,
        created_at,
        modified_at,
        'migrated'::text as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        candidate_repairs as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
