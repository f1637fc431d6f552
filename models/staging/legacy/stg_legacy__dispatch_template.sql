-- dispatch_template: message, e-mail and SMS templates (Django template syntax).
select
    id as template_id,
    name as template_name,
    slug,
    {{ decode('channel', {1: 'email', 2: 'sms', 3: 'in_app'}) }} as channel,
    case
        when kind is not null
            then {{ decode('kind', {
                1: 'patient_question', 2: 'doctor_response', 3: 'clinical_note',
                4: 'treatment_update'}) }}
    end as message_kind,
    {{ empty_as_null('locale') }} as locale,
    {{ free_text('subject') }} as subject,
    body,
    is_active,
    created as created_at,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_template') }}
