-- dispatch_bracket: bracket catalogue, one row per bracket and tooth position.
select
    id as bracket_id,
    {{ free_text('manufacturer') }} as manufacturer,
    {{ free_text('bracket_system') }} as bracket_system,
    {{ free_text('name') }} as bracket_name,
    {{ empty_as_null('sku') }} as sku,
    {{ empty_as_null('tooth') }} as tooth,
    {{ empty_as_null('slot') }} as slot,
    torque,
    angulation,
    is_active,
    created as created_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_bracket') }}
