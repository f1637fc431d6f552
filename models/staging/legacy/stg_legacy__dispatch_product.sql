-- dispatch_product: the product catalogue (no price: see dispatch_price).
select
    id as product_id,
    name as product_name,
    sku,
    {{ free_text('description') }} as description,
    category_id,
    {{ decode('kind', {
        1: 'aligner_package', 2: 'refinement', 3: 'retainer', 4: 'replacement_aligner',
        5: 'accessory_service'}) }} as kind,
    is_active,
    sort_order,
    {{ empty_as_null('square_catalog_id') }} as square_catalog_id,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_product') }}
