{#- The columns of a relation with their full type (format_type): information_schema says only
    ARRAY for an array column, which dbt then writes as the type of a column it appends
    (on_schema_change: append_new_columns) and PostgreSQL refuses. -#}
{% macro postgres__get_columns_in_relation(relation) -%}
    {% call statement('get_columns_in_relation', fetch_result=True) %}
        select
            a.attname as column_name,
            format_type(a.atttypid, a.atttypmod) as data_type,
            null::integer as character_maximum_length,
            null::integer as numeric_precision,
            null::integer as numeric_scale
        from pg_catalog.pg_attribute as a
        inner join pg_catalog.pg_class as c on a.attrelid = c.oid
        inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
        where c.relname = '{{ relation.identifier }}'
            {% if relation.schema %}and n.nspname = '{{ relation.schema }}'{% endif %}
            and a.attnum > 0 and not a.attisdropped
        order by a.attnum
    {% endcall %}
    {% set table = load_result('get_columns_in_relation').table %}
    {{ return(sql_convert_columns_in_relation(table)) }}
{% endmacro %}
