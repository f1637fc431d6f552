-- dispatch_product_roles: which technician roles may work cases of a product (M2M).
select
    id as product_role_id,
    product_id,
    role_id,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_product_roles') }}
