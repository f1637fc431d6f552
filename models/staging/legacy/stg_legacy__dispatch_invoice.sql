-- dispatch_invoice: invoice documents; numeric dollars with a currency column.
select
    id as invoice_id,
    number as invoice_number,
    office_id,
    purchase_id,
    {{ decode('status', {0: 'draft', 1: 'issued', 2: 'paid', 3: 'void'}) }} as status,
    round(amount::numeric, 2)::numeric(12, 2) as amount,
    round(tax::numeric, 2)::numeric(12, 2) as tax,
    upper(btrim(currency)) as currency,
    issued_at,
    due_date,
    paid_at,
    {{ empty_as_null('pdf') }} as pdf_path,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_invoice') }}
