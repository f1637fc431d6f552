-- One row per dispatch_price. A price whose product does not exist (deleted from the legacy
-- database) is rejected (missing_product), as is one whose product was not migrated
-- (product_rejected). An office-specific price whose office does not exist or was not migrated
-- is rejected too (missing_office, office_rejected): unsetting its office would turn it into a
-- list price for every office. Small: every row is classified again on every run.
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
            when {{ parent_missing('products', 'product_id') }} then 'missing_product'
            when products.disposition <> 'migrated' then 'product_rejected'
            when prices.office_id is not null and {{ parent_missing('offices', 'office_id') }} then 'missing_office'
            when prices.office_id is not null and offices.disposition <> 'migrated' then 'office_rejected'
        end as reject_reason,
        case
            when {{ parent_missing('products', 'product_id') }}
                then 'product ' || prices.product_id || ' does not exist'
            when products.disposition <> 'migrated'
                then
                    'product ' || prices.product_id || ' was ' || products.disposition
                    || ' (' || products.reject_reason || ')'
            when prices.office_id is not null and {{ parent_missing('offices', 'office_id') }}
                then 'office ' || prices.office_id || ' does not exist'
            when prices.office_id is not null and offices.disposition <> 'migrated'
                then
                    'office ' || prices.office_id || ' was ' || offices.disposition
                    || ' (' || offices.reject_reason || ')'
        end as reject_detail
    from prices
    left join products on prices.product_id = products.product_id
    left join offices on prices.office_id = offices.office_id

),

final as (

    select
        price_id,
        product_id,
        office_id,
        amount,
        currency,
        valid_from,
        valid_to,
        created_at,
        reject_reason,
        reject_detail,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are recorded on migrated rows only
        case when reject_reason is null then {{ card_masked_repairs() }} else array[]::text[] end as repairs,
        {{ tracking_columns() }}
    from classified

)

select * from final
