-- One row per dispatch_price. An office-specific price whose office was rejected is rejected too:
-- unsetting its office would turn it into a list price for every office.
{{ config(unique_key='price_id') }}

with

prices as (

    select * from {{ ref('stg_legacy__dispatch_price') }}

),

products as (

    select * from {{ ref('int_products__resolved') }}

),

offices as (

    select * from {{ ref('int_offices__resolved') }}

),

classified as (

    select
        prices.*,
        case
            when coalesce(products.disposition, 'missing') <> 'migrated' then 'product_rejected'
            when prices.office_id is not null and coalesce(offices.disposition, 'missing') <> 'migrated'
                then 'office_rejected'
        end as reject_reason,
        case
            when coalesce(products.disposition, 'missing') <> 'migrated'
                then 'product ' || prices.product_id || ' was not migrated'
            when prices.office_id is not null and coalesce(offices.disposition, 'missing') <> 'migrated'
                then 'office ' || prices.office_id || ' was not migrated'
        end as reject_detail
    from prices
    left join products on prices.product_id = products.product_id
    left join offices on prices.office_id = offices.office_id

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
