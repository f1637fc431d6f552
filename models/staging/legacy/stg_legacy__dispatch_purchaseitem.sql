-- dispatch_purchaseitem: lines of a purchase; numeric dollars in the purchase's currency.
select
    id as purchase_item_id,
    purchase_id,
    product_id,
    offer_id,
    discount_id,
    {{ free_text('description') }} as description,
    quantity,
    round(unit_price::numeric, 2)::numeric(12, 2) as unit_price,
    round(total::numeric, 2)::numeric(12, 2) as total,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_purchaseitem') }}
