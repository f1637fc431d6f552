-- dispatch_purchase: checkouts paid through Square; numeric dollars with a currency column.
select
    id as purchase_id,
    number as purchase_number,
    office_id,
    user_id,
    instruction_id,
    coupon_id,
    {{ decode('status', {
        0: 'cart', 1: 'pending_payment', 2: 'paid', 3: 'partially_refunded', 4: 'refunded',
        5: 'cancelled', 6: 'payment_failed'}) }} as status,
    round(subtotal::numeric, 2)::numeric(12, 2) as subtotal,
    round(discount_amount::numeric, 2)::numeric(12, 2) as discount_amount,
    round(tax::numeric, 2)::numeric(12, 2) as tax,
    round(total::numeric, 2)::numeric(12, 2) as total,
    upper(btrim(currency)) as currency,
    paid_at,
    {{ free_text('note') }} as note,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_purchase') }}
