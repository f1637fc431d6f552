-- dispatch_discount: discount definitions. value is double precision: a percent (kind 1) or
-- dollars, implied USD (kind 2); rounded to 2 decimals once, here.
select
    id as discount_id,
    name as discount_name,
    {{ decode('kind', {1: 'percent_off', 2: 'fixed_amount_off'}) }} as kind,
    round(value::numeric, 2)::numeric(12, 2) as value,
    case when kind = 1 then round(value::numeric, 2)::numeric(12, 2) end as percent_off,
    case when kind = 2 then round(value::numeric, 2)::numeric(12, 2) end as amount_off,
    case when kind = 2 then 'USD' end::text as currency,
    product_id,
    office_id,
    is_active,
    valid_from,
    valid_to,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_discount') }}
