{#- Custom schema names are used as they are (staging, intermediate, migration, public),
    not prefixed with the target schema: the marts must land in `public`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
