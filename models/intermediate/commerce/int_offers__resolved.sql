-- One row per dispatch_offer. Issue 9: only active, unexpired offers are carried over; inactive
-- offers are excluded (inactive_offer), and so are offers whose valid_to lies before the run's
-- as-of instant (expired_offer). The as-of instant is the dbt var as_of (an ISO timestamp), by
-- default the run time (`--vars '{as_of: "2025-10-01T00:00:00Z"}'` reproduces an earlier run).
-- An offer targeting an office that was not migrated is rejected (office_rejected).
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

    -- default 'now': PostgreSQL's transaction time, i.e. when this model is built in the run
    select '{{ var("as_of", run_as_of()) }}'::timestamptz as as_of

),

classified as (

    select
        offers.*,
        run_as_of.as_of,
        case
            when offers.product_id is not null and coalesce(products.disposition, 'missing') <> 'migrated'
                then 'product_rejected'
            when offers.office_id is not null and coalesce(offices.disposition, 'missing') <> 'migrated'
                then 'office_rejected'
            when not offers.is_active then 'inactive_offer'
            when offers.valid_to < run_as_of.as_of then 'expired_offer'
        end as reject_reason,
        case
            when offers.product_id is not null and coalesce(products.disposition, 'missing') <> 'migrated'
                then 'product ' || offers.product_id || ' was not migrated'
            when offers.office_id is not null and coalesce(offices.disposition, 'missing') <> 'migrated'
                then 'office ' || offers.office_id || ' was not migrated'
            when not offers.is_active then 'the offer is inactive (is_active = false)'
            when offers.valid_to < run_as_of.as_of
                then 'the offer expired on ' || offers.valid_to || ', before the as-of instant ' || run_as_of.as_of
        end as reject_detail
    from offers
    cross join run_as_of
    left join products on offers.product_id = products.product_id
    left join offices on offers.office_id = offices.office_id

),

final as (

    select
        *,
        case
            when reject_reason is null then 'migrated'
            when reject_reason in ('inactive_offer', 'expired_offer') then 'excluded'
            else 'rejected'
        end as disposition,
        array[]::text[] as repairs,
        {{ tracking_columns() }}
    from classified

)

select * from final
