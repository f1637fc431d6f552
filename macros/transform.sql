{#- Small column transforms used by the staging models. -#}

{#- '' -> NULL (Django writes '' for "empty" in NOT NULL text columns) -#}
{% macro empty_as_null(column) -%}
    nullif(btrim({{ column }}), '')
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

{% macro safe_jsonb(column) -%}
    migration.try_jsonb({{ column }})
{%- endmacro %}

{#- true when the legacy text is non-empty but is not JSON (counted, never aborting) -#}
{% macro is_malformed_json(column) -%}
    ({{ empty_as_null(column) }} is not null and migration.try_jsonb({{ column }}) is null)
{%- endmacro %}
