-- dispatch_record: the older generic log of notes and notifications, on a patient or on a user
-- (through the proxy content type dispatch.user). data is text-JSON, '' on most pre-2017 rows
-- (issue 12); author_id NULL means the system.
select
    id as record_id,
    content_type_id,
    object_id,
    type as record_type_code,
    {{ decode('type', {
        1: 'retired_1', 2: 'retired_2', 3: 'doctor_to_technician', 4: 'retired_4',
        5: 'clinical_note', 6: 'patient_notification', 7: 'retired_7',
        8: 'workflow_status_update'}) }} as record_type,
    type in (1, 2, 4, 7) as is_retired_type,
    {{ free_text('title') }} as title,
    {{ free_text('text') }} as body,
    {{ safe_jsonb('data') }} as data,
    {{ empty_as_null('data') }} is null as data_is_empty,
    {{ is_malformed_json('data') }} as data_is_malformed,
    author_id,
    visible_to_doctor,
    emailed,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_record') }}
