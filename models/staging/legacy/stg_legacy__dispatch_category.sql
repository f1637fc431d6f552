-- dispatch_category: a classification tree for task types (kind 1) and products (kind 2).
select
    id as category_id,
    name as category_name,
    slug,
    parent_id as parent_category_id,
    {{ decode('kind', {1: 'task_type', 2: 'product'}) }} as kind,
    sort_order,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_category') }}
