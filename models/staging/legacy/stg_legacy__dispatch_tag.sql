-- dispatch_tag: free tags on patients; name is unique, color a hex colour.
select
    id as tag_id,
    name as tag_name,
    lower({{ empty_as_null('color') }}) as color,
    created as created_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_tag') }}
