-- dispatch_price: price history per product, optionally office-specific; numeric dollars.
select
    id as price_id,
    product_id,
    office_id,
    round(amount::numeric, 2)::numeric(12, 2) as amount,
    upper(btrim(currency)) as currency,
    valid_from,
    valid_to,
    created as created_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_price') }}
