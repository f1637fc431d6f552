-- dispatch_office_doctors: M2M office <-> auth_user (the doctors of an office).
select
    id as office_doctor_id,
    office_id,
    user_id,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_office_doctors') }}
