-- dispatch_patient_tags: M2M patient <-> tag.
select
    id as patient_tag_id,
    patient_id,
    tag_id,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_patient_tags') }}
