-- One row per dispatch_discount. Issue 10: invalid definitions are rejected, one reason per kind:
-- window_inverted (valid_to before valid_from), percent_out_of_range (a percent discount not in
-- (0, 100]), fixed_in_cents (a fixed discount of 1000 or more: dollars typed as cents, 5000.0
-- meaning $50). A fixed_in_cents value is NOT repaired: dividing by 100 is a guess about what the
-- admin meant, and a migrated discount grants money off; the detail names the probable amount so
-- that the business can re-create it. A fixed discount of zero or less is rejected too. A
-- discount scoped to a product or an office is rejected when that product or office does not
-- exist (missing_product, missing_office) or was not migrated (product_rejected, office_rejected):
-- unsetting the scope would widen the discount to everyone. Small: every row is classified again
-- on every run.
{{ config(unique_key='discount_id') }}

with

discounts as (

    select * from {{ ref('stg_legacy__dispatch_discount') }}

),

products as (

    select * from {{ ref('int_products__resolved') }}

),

offices as (

    select * from {{ ref('int_offices__resolved') }}

),

classified as (

    select
        discounts.*,
        case
            when discounts.kind not in ('percent_off', 'fixed_amount_off') then 'unknown_kind'
            when discounts.valid_to < discounts.valid_from then 'window_inverted'
            when discounts.kind = 'percent_off' and (discounts.value > 100 or discounts.value <= 0)
                then 'percent_out_of_range'
            when discounts.kind = 'fixed_amount_off' and discounts.value >= 1000 then 'fixed_in_cents'
            when discounts.kind = 'fixed_amount_off' and discounts.value <= 0 then 'amount_not_positive'
            when discounts.product_id is not null and {{ parent_missing('products', 'product_id') }}
                then 'missing_product'
            when discounts.product_id is not null and products.disposition <> 'migrated' then 'product_rejected'
            when discounts.office_id is not null and {{ parent_missing('offices', 'office_id') }}
                then 'missing_office'
            when discounts.office_id is not null and offices.disposition <> 'migrated' then 'office_rejected'
        end as reject_reason,
        case
            when discounts.kind not in ('percent_off', 'fixed_amount_off')
                then 'discount kind ' || discounts.kind || ' is not known'
            when discounts.valid_to < discounts.valid_from
                then 'valid_to ' || discounts.valid_to || ' is before valid_from ' || discounts.valid_from
            when discounts.kind = 'percent_off' and (discounts.value > 100 or discounts.value <= 0)
                then 'percent ' || discounts.value || ' is outside (0, 100]'
            when discounts.kind = 'fixed_amount_off' and discounts.value >= 1000
                then
                    'fixed amount ' || discounts.value || ' looks like cents: probably '
                    || (discounts.value / 100)::numeric(12, 2) || ' ' || discounts.currency || ' (not repaired)'
            when discounts.kind = 'fixed_amount_off' and discounts.value <= 0
                then 'fixed amount ' || discounts.value || ' is not positive'
            when discounts.product_id is not null and {{ parent_missing('products', 'product_id') }}
                then 'product ' || discounts.product_id || ' does not exist'
            when discounts.product_id is not null and products.disposition <> 'migrated'
                then
                    'product ' || discounts.product_id || ' was ' || products.disposition
                    || ' (' || products.reject_reason || ')'
            when discounts.office_id is not null and {{ parent_missing('offices', 'office_id') }}
                then 'office ' || discounts.office_id || ' does not exist'
            when discounts.office_id is not null and offices.disposition <> 'migrated'
                then
                    'office ' || discounts.office_id || ' was ' || offices.disposition
                    || ' (' || offices.reject_reason || ')'
        end as reject_detail
    from discounts
    left join products on discounts.product_id = products.product_id
    left join offices on discounts.office_id = offices.office_id

),

final as (

    select
        discount_id,
        discount_name,
        kind,
        value,
        percent_off,
        amount_off,
        currency,
        product_id,
        office_id,
        is_active,
        valid_from,
        valid_to,
        created_at,
        modified_at,
        reject_reason,
        reject_detail,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are recorded on migrated rows only
        case when reject_reason is null then {{ card_masked_repairs() }} else array[]::text[] end as repairs,
        {{ tracking_columns() }}
    from classified

)

select * from final
