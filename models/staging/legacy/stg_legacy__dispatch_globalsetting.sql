-- dispatch_globalsetting: key/value configuration; a value is a plain string or JSON text.
select
    id as global_setting_id,
    key as setting_key,
    value as setting_value,
    case
        -- JSON scalars (numbers, true, false, null) parse too; try_jsonb only takes objects and arrays
        when value ~ '^\s*(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?|true|false|null)\s*$' then value::jsonb
        else {{ safe_jsonb('value') }}
    end as setting_value_json,
    {{ free_text('description') }} as description,
    modified as modified_at,
    _card_masked,
    _row_hash as legacy_row_hash
from {{ ref('base_legacy__dispatch_globalsetting') }}
