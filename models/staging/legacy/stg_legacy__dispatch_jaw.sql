-- dispatch_jaw: setup data for one arch of a plan. created/modified are naive New York time
-- (issue 15); attachments, ipr and movements are text-JSON, movements sometimes truncated (issue 12).
select
    id as jaw_id,
    plan_id,
    {{ decode('jaw', {1: 'upper', 2: 'lower'}) }} as jaw,
    steps,
    {{ safe_jsonb('attachments') }} as attachments,
    {{ is_malformed_json('attachments') }} as attachments_is_malformed,
    {{ safe_jsonb('ipr') }} as ipr,
    {{ is_malformed_json('ipr') }} as ipr_is_malformed,
    {{ safe_jsonb('movements') }} as movements,
    {{ is_malformed_json('movements') }} as movements_is_malformed,
    case
        when {{ empty_as_null('missing_teeth') }} is null then null
        else string_to_array(regexp_replace(missing_teeth, '\s', '', 'g'), ',')
    end as missing_teeth,
    bracket_id,
    {{ from_legacy_local_time('created') }} as created_at,
    {{ from_legacy_local_time('modified') }} as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_jaw') }}
