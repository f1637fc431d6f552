-- dispatch_instruction_products: products ordered on an instruction (quantity 0 occurs).
select
    id as instruction_product_id,
    instruction_id,
    product_id,
    quantity,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_instruction_products') }}
