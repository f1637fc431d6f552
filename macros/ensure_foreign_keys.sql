{#- Post-hook of the marts. A column added to an existing mart (on_schema_change:
    append_new_columns) arrives without the foreign key its contract declares; this adds every
    declared foreign key the catalog lacks, so an upgraded target ends with the same constraints
    as a fresh one. A no-op when they all exist. -#}
{% macro ensure_foreign_keys() %}
    {%- set statements = [] -%}
    {%- for column in model.columns.values() -%}
        {%- for constraint in column.constraints if constraint.type == 'foreign_key' -%}
            {%- if constraint.to -%}
                {%- set parent = constraint.to ~ ' (' ~ constraint.to_columns | join(', ') ~ ')' -%}
            {%- else -%}
                {%- set parent = constraint.expression -%}
            {%- endif -%}
            {%- do statements.append(
                "do $fk$ begin if not exists (select from pg_constraint as c join pg_attribute as a"
                ~ " on a.attrelid = c.conrelid and a.attnum = c.conkey[1]"
                ~ " where c.conrelid = '" ~ this ~ "'::regclass and c.contype = 'f'"
                ~ " and a.attname = '" ~ column.name ~ "') then"
                ~ " alter table " ~ this ~ " add foreign key (" ~ column.name ~ ") references " ~ parent ~ ";"
                ~ " end if; end $fk$"
            ) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ statements | join(';\n') }}
{% endmacro %}
