-- dispatch_country: ISO 3166-1 countries; code is unique, phone_prefix free text such as '+1'.
select
    id as country_id,
    upper(btrim(code)) as country_code,
    name as country_name,
    {{ empty_as_null('phone_prefix') }} as phone_prefix,
    nullif(regexp_replace(phone_prefix, '[^0-9]', '', 'g'), '') as calling_code,
    is_active,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_country') }}
