-- dispatch_payment: the payments ledger staff keep by hand. amount is double precision dollars,
-- implied USD, negative for credits (issue 17): rounded to cents once, here. paid_at is naive
-- New York wall-clock time (issue 15).
select
    id as payment_id,
    office_id,
    instruction_id,
    user_id,
    round(amount::numeric, 2)::numeric(12, 2) as amount,
    'USD'::text as currency,
    round(amount::numeric, 2) < 0 as is_credit,
    {{ decode('method', {1: 'card', 2: 'cheque', 3: 'wire', 4: 'credit', 5: 'cash'}) }} as method,
    {{ empty_as_null('reference') }} as reference,
    {{ free_text('note') }} as note,
    {{ from_legacy_local_time('paid_at') }} as paid_at,
    created as created_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_payment') }}
