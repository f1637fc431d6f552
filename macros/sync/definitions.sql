{#- What a node's results are keyed on (docs/sync.md, "Windows"). dbt's own checksum is the
    file's: it ignores the macros a model or test calls (a generic test has none at all), so a
    change of a strategy or of a test's macro would go unseen. A node's definition is its code,
    its configuration and declared columns, the test's arguments, and the source of every macro
    it calls, transitively; a test's also holds the definitions of the nodes it reads. A model
    recomputes every row, and a test checks every row, the first time it runs with a definition.
    The project's fingerprint covers every macro, node and source declaration. -#}

{#- The source of a macro of this project and of those it calls, by unique id (dbt's own macros
    are covered by dbt_version). seen: the ids already added. -#}
{% macro _macro_sources(unique_ids, seen, parts) %}
    {%- for unique_id in unique_ids if unique_id not in seen and unique_id.startswith('macro.' ~ project_name ~ '.') -%}
        {%- do seen.update({unique_id: true}) -%}
        {%- set generator = context.get(unique_id.split('.')[-1]) -%}
        {%- if generator is not none and generator.macro is defined -%}
            {%- do parts.append(unique_id ~ ':' ~ generator.macro.macro_sql) -%}
            {%- do _macro_sources(generator.macro.depends_on.macros, seen, parts) -%}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}

{% macro _node_parts(node) %}
    {%- set columns = [] -%}
    {%- for column in node.columns.values() -%}
        {%- do columns.append([column.name, column.get('data_type'), column.get('constraints') or []]) -%}
    {%- endfor -%}
    {%- set config = {} -%}
    {%- for key, value in node.config.items() if value is defined -%}{%- do config.update({key: value}) -%}{%- endfor -%}
    {%- set parts = [node.unique_id, node.raw_code or '', tojson(config, sort_keys=true), columns | tojson,
        (node.test_metadata.kwargs | tojson) if node.test_metadata else ''] -%}
    {%- do _macro_sources(node.depends_on.macros, {}, parts) -%}
    {{ return(parts) }}
{% endmacro %}

{#- The definition hash of a node (a graph node, or `model` while it runs). -#}
{% macro node_definition(node) %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- if node.get('_legacy_migration_definition') -%}{{ return(node._legacy_migration_definition) }}{%- endif -%}
    {%- set parts = _node_parts(node) -%}
    {%- if node.resource_type in ('test', 'unit_test') -%}
        {%- for parent in node.depends_on.nodes if parent in graph.nodes -%}
            {%- do parts.extend(_node_parts(graph.nodes[parent])) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set definition = local_md5(dbt_version ~ parts | join('\n'))[:16] -%}
    {%- do node.update({'_legacy_migration_definition': definition}) -%}
    {{ return(definition) }}
{% endmacro %}

{#- Every macro, node and legacy source declaration of the project, and the vars. -#}
{% macro project_fingerprint() %}
    {%- set parts = [dbt_version, var('legacy_timezone'), var('default_calling_code'), var('code_formats') | tojson] -%}
    {%- for name, generator in context.items() | sort if generator.macro is defined
        and generator.macro.package_name == project_name -%}
        {%- do parts.append(name ~ ':' ~ generator.macro.macro_sql) -%}
    {%- endfor -%}
    {%- for node in graph.nodes.values() | sort(attribute='unique_id') if node.package_name == project_name -%}
        {%- do parts.append(node.unique_id ~ ':' ~ (node.raw_code or '') ~ (node.config | tojson) ~ (node.checksum | tojson)
            ~ ((node.test_metadata.kwargs | tojson) if node.test_metadata else '')) -%}
    {%- endfor -%}
    {%- do parts.append(legacy_tables() | tojson) -%}
    {{ return(local_md5(parts | join('\n'))[:16]) }}
{% endmacro %}
