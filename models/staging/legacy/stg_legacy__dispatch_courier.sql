-- dispatch_courier: carriers; code is unique, tracking_url holds a {} placeholder.
select
    id as courier_id,
    name as courier_name,
    code as courier_code,
    {{ empty_as_null('tracking_url') }} as tracking_url,
    is_active,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_courier') }}
