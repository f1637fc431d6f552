{#- What the sync knows of each legacy table, read from one place: the sources YAML
    (models/staging/legacy/_legacy__sources.yml), as dbt parsed it into the graph.

    Per table: its columns and their legacy types (data_type), the text-JSON columns
    (column meta json: true), the secret columns never attached (column meta secret: true), the
    change-time column (loaded_at_field, also what `dbt source freshness` reads), the unique keys
    (meta unique_keys), a clock-dependent column (meta time_trigger) and whether the table is a
    secret (meta secret: attached without any column, counted only). A table is copied into the
    snapshot when a base model reads it (models/staging/legacy/base); every other table is only
    counted. The schema guard, the snapshot and the docs all read these declarations. -#}

{% macro legacy_tables() %}
    {%- set snapshotted = {} -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.package_name == project_name
        and node.config.materialized == 'legacy_snapshot' -%}
        {%- for parent in node.depends_on.nodes if parent.startswith('source.') -%}
            {%- do snapshotted.update({parent: node}) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set tables = [] -%}
    {%- for source in graph.sources.values() if source.source_name == 'legacy' and source.package_name == project_name -%}
        {%- set meta = source.meta or {} -%}
        {%- set columns = [] -%}
        {%- for column in source.columns.values() -%}
            {%- do columns.append({
                'name': column.name,
                'data_type': column.data_type,
                'json': (column.meta or {}).get('json', false),
                'secret': (column.meta or {}).get('secret', false),
            }) -%}
        {%- endfor -%}
        {%- set base = snapshotted.get(source.unique_id) -%}
        {%- do tables.append({
            'name': source.name,
            'columns': columns,
            'attached': columns | rejectattr('secret') | list,
            'json_columns': columns | selectattr('json') | map(attribute='name') | list,
            'modified': source.loaded_at_field,
            'unique_keys': meta.get('unique_keys', []),
            'time_trigger': meta.get('time_trigger'),
            'secret': meta.get('secret', false),
            'snapshot': base is not none,
            'base_model': base.name if base is not none else none,
        }) -%}
    {%- endfor -%}
    {{ return(tables | sort(attribute='name')) }}
{% endmacro %}

{#- One declared table by name (a compiler error names a table the YAML does not declare). -#}
{% macro legacy_table(name) %}
    {%- for table in legacy_tables() if table.name == name -%}
        {{ return(table) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("The sources YAML declares no legacy table " ~ name ~ ".") }}
{% endmacro %}

{#- The declared columns as a SQL VALUES list (table, column, position, data type), for the guard. -#}
{% macro legacy_declared_columns_sql(tables) %}
    {%- set rows = [] -%}
    {%- for table in tables -%}
        {%- for column in table.columns -%}
            {%- do rows.append("('" ~ table.name ~ "', '" ~ column.name ~ "', " ~ loop.index ~ ", '" ~ column.data_type ~ "')") -%}
        {%- endfor -%}
    {%- endfor -%}
    (values {{ rows | join(', ') }}) as declared (table_name, column_name, position, data_type)
{%- endmacro %}
