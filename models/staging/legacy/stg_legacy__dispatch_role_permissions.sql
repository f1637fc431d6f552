-- dispatch_role_permissions: M2M business role <-> Django permission.
select
    id as role_permission_id,
    role_id,
    permission_id,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_role_permissions') }}
