-- dispatch_address: postal addresses of offices, patients and shipments. state is free text;
-- country_id NULL (pre-2016 rows) means US. The phone is free text (issue 14).
select
    id as address_id,
    {{ free_text('line1') }} as line1,
    {{ free_text('line2') }} as line2,
    {{ free_text('city') }} as city,
    {{ free_text('state') }} as state,
    {{ empty_as_null('zip_code') }} as zip_code,
    country_id,
    {{ free_text('phone') }} as phone_raw,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_address') }}
