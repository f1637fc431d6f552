-- dispatch_patient: patients of an office; office_id may be NULL (issue 8).
select
    id as patient_id,
    office_id,
    doctor_id,
    {{ free_text('first_name') }} as first_name,
    {{ free_text('last_name') }} as last_name,
    {{ empty_as_null('email') }} as email,
    {{ free_text('phone') }} as phone_raw,
    {{ phone_e164('phone') }} as phone_e164,
    birth_date,
    {{ decode('sex', {0: none, 1: 'male', 2: 'female'}) }} as sex,
    {{ empty_as_null('chart_number') }} as chart_number,
    {{ decode('status', {
        0: 'new', 1: 'in_treatment', 2: 'in_retention', 3: 'finished',
        4: 'cancelled', 5: 'transferred'}) }} as status,
    {{ free_text('notes') }} as notes,
    {{ safe_jsonb('medical_info') }} as medical_info,
    {{ is_malformed_json('medical_info') }} as medical_info_is_malformed,
    address_id,
    is_deleted,
    deleted_at,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_patient') }}
