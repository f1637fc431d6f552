-- dispatch_notification: in-app notifications per user, the largest legacy table. payload is
-- text-JSON that sometimes does not parse (issue 12): parsed once, NULL and flagged when not JSON.
select
    id as notification_id,
    user_id,
    verb,
    {{ decode('level', {0: 'info', 1: 'success', 2: 'warning', 3: 'error'}) }} as level,
    {{ safe_jsonb('payload') }} as payload,
    {{ empty_as_null('payload') }} is null as payload_is_empty,
    {{ is_malformed_json('payload') }} as payload_is_malformed,
    is_read,
    read_at,
    emailed,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_notification') }}
