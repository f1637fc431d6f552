-- dispatch_offer: promotional offers. price is double precision dollars, implied USD: rounded to
-- cents once, here. NULL price = a bundle offer without its own price.
select
    id as offer_id,
    name as offer_name,
    {{ free_text('description') }} as description,
    product_id,
    office_id,
    round(price::numeric, 2)::numeric(12, 2) as price,
    'USD'::text as currency,
    min_quantity,
    is_active,
    valid_from,
    valid_to,
    max_uses,
    used_count,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_offer') }}
