-- Valid discount definitions (issue 10: invalid ones are rejected): a percent off, or a fixed
-- amount off with its currency.
with

discounts as (

    select * from {{ ref('int_discounts__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

discount_ids as (

    select * from {{ ref('map_discounts') }}

),

product_ids as (

    select * from {{ ref('map_products') }}

),

office_ids as (

    select * from {{ ref('map_offices') }}

),

final as (

    select
        discount_ids.id,
        discounts.discount_id::bigint as legacy_id,
        discounts.discount_name as name,
        discounts.kind,
        discounts.percent_off::numeric(5, 2) as percent_off,
        discounts.amount_off::numeric(12, 2) as amount_off,
        discounts.currency,
        product_ids.id as product_id,
        office_ids.id as office_id,
        discounts.is_active,
        discounts.valid_from,
        discounts.valid_to,
        discounts.created_at,
        discounts.modified_at as updated_at
    from discounts
    inner join discount_ids on discounts.discount_id = discount_ids.legacy_id
    left join product_ids on discounts.product_id = product_ids.legacy_id
    left join office_ids on discounts.office_id = office_ids.legacy_id

)

select * from final
