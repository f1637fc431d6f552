{#- Small column transforms used by the staging models. -#}

{#- Identifiers and codes (e-mails, codes, ids, paths, locales...): surrounding whitespace is
    trimmed and '' or blank -> NULL (docs/text-policy.md). Never for free text. -#}
{% macro empty_as_null(column) -%}
    nullif(btrim({{ column }}), '')
{%- endmacro %}

{#- Free text (notes, bodies, descriptions, names, addresses, phones as entered): byte-identical;
    only the exact empty string Django writes for "empty" in a NOT NULL column becomes NULL. A
    value of whitespace only is kept as it is (docs/text-policy.md). -#}
{% macro free_text(column) -%}
    nullif({{ column }}, '')
{%- endmacro %}

{#- naive legacy timestamp (New York wall-clock time) -> timestamptz (issue 15) -#}
{% macro from_legacy_local_time(column) -%}
    ({{ column }} at time zone '{{ var("legacy_timezone") }}')
{%- endmacro %}

{#- Django choices code -> readable value (a label of none maps the code to NULL); unknown codes
    stay visible as 'unknown_<code>' so that the accepted_values tests name them. -#}
{% macro decode(column, mapping) -%}
    case {{ column }}
        {%- for code, label in mapping.items() %}
        when {{ code }} then {% if label is none %}null{% else %}'{{ label }}'{% endif %}
        {%- endfor %}
        else 'unknown_' || {{ column }}::text
    end
{%- endmacro %}

{% macro phone_e164(column) -%}
    migration.phone_e164({{ column }}, '{{ var("default_calling_code") }}')
{%- endmacro %}

{#- text-JSON -> jsonb (issue 12). The sync validated the column once (it is declared
    `meta: {json: true}` in the sources YAML) and listed it in the row's _json_invalid when it does
    not parse, so a plain cast never aborts: NULL when malformed or empty. -#}
{% macro safe_jsonb(column) -%}
    case when {{ is_malformed_json(column) }} or btrim({{ column }}) = '' then null else {{ column }}::jsonb end
{%- endmacro %}

{#- true when the legacy text is non-empty but is not a JSON object or array (counted, never aborting) -#}
{% macro is_malformed_json(column) -%}
    {%- set parts = column.split('.') -%}
    {%- set flags = parts[0] ~ '._json_invalid' if parts | length > 1 else '_json_invalid' -%}
    ('{{ parts[-1] }}' = any({{ flags }}))
{%- endmacro %}

{#- the repair codes of the card numbers the sync masked in this row's text (issue 11): one
    `<column>_card_number_masked` per column -#}
{% macro card_masked_repairs(alias=none) -%}
    {%- set masked = (alias ~ '.' if alias else '') ~ '_card_masked' -%}
    case
        when cardinality({{ masked }}) = 0 then array[]::text[]
        else array(select column_name || '_card_number_masked' from unnest({{ masked }}) as column_name)
    end
{%- endmacro %}
