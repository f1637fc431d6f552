-- dispatch_coupon: redeemable codes. amount_off_cents is integer cents, implied USD: divided by
-- 100 here. The application upper-cases input, so a code stored in lower case cannot be redeemed.
select
    id as coupon_id,
    code,
    code = upper(code) as code_is_redeemable,
    discount_id,
    offer_id,
    office_id,
    (amount_off_cents / 100.0)::numeric(12, 2) as amount_off,
    case when amount_off_cents is not null then 'USD' end::text as currency,
    max_redemptions,
    times_redeemed,
    is_active,
    valid_from,
    valid_to,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_coupon') }}
