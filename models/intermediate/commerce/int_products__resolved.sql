-- One row per dispatch_product. Every product migrates; its category is a workflow-domain
-- category (categories are never rejected), referenced through map_categories in the mart.
{{ config(unique_key='product_id') }}

with

products as (

    select * from {{ ref('stg_legacy__dispatch_product') }}

),

final as (

    select
        *,
        'migrated' as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        array[]::text[] as repairs,
        {{ tracking_columns() }}
    from products

)

select * from final
