-- auth_permission: Django permissions, referenced by dispatch_role_permissions.
select
    id as permission_id,
    name as permission_name,
    content_type_id,
    codename,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__auth_permission') }}
