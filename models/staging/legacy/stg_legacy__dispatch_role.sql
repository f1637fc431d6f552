-- dispatch_role: business roles; slug is the stable key.
select
    id as role_id,
    name as role_name,
    slug as role_slug,
    {{ free_text('description') }} as description,
    is_staff_role,
    sort_order,
    created as created_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_role') }}
