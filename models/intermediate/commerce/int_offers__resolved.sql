-- One row per dispatch_offer. Issue 9: only active, unexpired offers are carried over; inactive
-- offers are excluded (inactive_offer), and so are offers whose valid_to lies before the run's
-- as-of instant (expired_offer). The as-of instant is the dbt var as_of (an ISO timestamp), by
-- default the start of the run (`--vars '{as_of: "2025-10-01T00:00:00Z"}'` reproduces an earlier
-- run); the detail names the offer's own dates only, so that it does not change from run to run.
-- An offer targeting a product or an office is rejected when that product or office does not
-- exist (missing_product, missing_office) or was not migrated (product_rejected,
-- office_rejected): unsetting the target would widen the offer to everyone. Small: every row is
-- classified again on every run (the sync records an offer whose valid_to passed as changed).
{{ config(unique_key='offer_id') }}

with

offers as (

    select * from {{ ref('stg_legacy__dispatch_offer') }}

),

products as (

    select * from {{ ref('int_products__resolved') }}

),

offices as (

    select * from {{ ref('int_offices__resolved') }}

),

run_as_of as (

    select '{{ var("as_of", run_as_of()) }}'::timestamptz as as_of

),

classified as (

    select
        offers.*,
        case
            when offers.product_id is not null and {{ parent_missing('products', 'product_id') }}
                then 'missing_product'
            when offers.product_id is not null and products.disposition <> 'migrated' then 'product_rejected'
            when offers.office_id is not null and {{ parent_missing('offices', 'office_id') }}
                then 'missing_office'
            when offers.office_id is not null and offices.disposition <> 'migrated' then 'office_rejected'
            when not offers.is_active then 'inactive_offer'
            when offers.valid_to < run_as_of.as_of then 'expired_offer'
        end as reject_reason,
        case
            when offers.product_id is not null and {{ parent_missing('products', 'product_id') }}
                then 'product ' || offers.product_id || ' does not exist'
            when offers.product_id is not null and products.disposition <> 'migrated'
                then
                    'product ' || offers.product_id || ' was ' || products.disposition
                    || ' (' || products.reject_reason || ')'
            when offers.office_id is not null and {{ parent_missing('offices', 'office_id') }}
                then 'office ' || offers.office_id || ' does not exist'
            when offers.office_id is not null and offices.disposition <> 'migrated'
                then
                    'office ' || offers.office_id || ' was ' || offices.disposition
                    || ' (' || offices.reject_reason || ')'
            when not offers.is_active then 'the offer is inactive (is_active = false)'
            when offers.valid_to < run_as_of.as_of
                then
                    'the offer expired at '
                    || to_char(offers.valid_to at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC'
        end as reject_detail
    from offers
    cross join run_as_of
    left join products on offers.product_id = products.product_id
    left join offices on offers.office_id = offices.office_id

),

final as (

    select
        offer_id,
        offer_name,
        description,
        product_id,
        office_id,
        price,
        currency,
        min_quantity,
        is_active,
        valid_from,
        valid_to,
        max_uses,
        used_count,
        created_at,
        modified_at,
        reject_reason,
        reject_detail,
        case
            when reject_reason is null then 'migrated'
            when reject_reason in ('inactive_offer', 'expired_offer') then 'excluded'
            else 'rejected'
        end as disposition,
        -- repairs are recorded on migrated rows only
        case when reject_reason is null then {{ card_masked_repairs() }} else array[]::text[] end as repairs,
        {{ tracking_columns() }}
    from classified

)

select * from final
