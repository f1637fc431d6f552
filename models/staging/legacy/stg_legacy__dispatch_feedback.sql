-- dispatch_feedback: ratings and comments, append-only. NPS rows (source 3) hold 0-10 in the
-- 1-5 rating column; 0 on other rows means "no rating" (issue 16).
select
    source.id as feedback_id,
    source.instruction_id,
    source.patient_id,
    source.user_id,
    source.source as source_code,
    {{ decode('source.source', {
        1: 'in_app_rating', 2: 'email_survey', 3: 'nps_survey', 4: 'support_call'}) }} as source,
    source.rating,
    {{ free_text('comment') }} as comment,
    source.created as created_at,
    source._card_masked,
    source._row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_feedback') }} as source
