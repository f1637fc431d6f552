-- One row per dispatch_discount. Issue 10: invalid definitions are rejected, one reason per kind:
-- window_inverted (valid_to before valid_from), percent_out_of_range (a percent discount not in
-- (0, 100]), fixed_in_cents (a fixed discount of 1000 or more: dollars typed as cents, 5000.0
-- meaning $50). A fixed_in_cents value is NOT repaired: dividing by 100 is a guess about what the
-- admin meant, and a migrated discount grants money off; the detail names the probable amount so
-- that the business can re-create it. A fixed discount of zero or less is rejected too.
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
            when discounts.product_id is not null and coalesce(products.disposition, 'missing') <> 'migrated'
                then 'product_rejected'
            when discounts.office_id is not null and coalesce(offices.disposition, 'missing') <> 'migrated'
                then 'office_rejected'
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
            when discounts.product_id is not null and coalesce(products.disposition, 'missing') <> 'migrated'
                then 'product ' || discounts.product_id || ' was not migrated'
            when discounts.office_id is not null and coalesce(offices.disposition, 'missing') <> 'migrated'
                then 'office ' || discounts.office_id || ' was not migrated'
        end as reject_detail
    from discounts
    left join products on discounts.product_id = products.product_id
    left join offices on discounts.office_id = offices.office_id

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
