-- dispatch_comment: internal notes of the lab team; instruction_id NULL is a general team note.
-- is_deleted is a soft delete without deleted_at.
select
    id as comment_id,
    instruction_id,
    author_id,
    {{ free_text('text') }} as body,
    is_pinned,
    is_deleted,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_comment') }}
