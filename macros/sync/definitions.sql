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

{#- A value as text, the same for a graph node and for the node dbt runs (which leaves out the
    keys whose value is none): keys sorted, empty values left out. -#}
{% macro _stable(value) %}
    {%- if value is mapping -%}
        {%- set items = [] -%}
        {%- for key in value.keys() | sort if value[key] is defined and value[key] is not none
            and not (value[key] is iterable and value[key] is not string and value[key] | length == 0) -%}
            {%- do items.append(key ~ ':' ~ _stable(value[key])) -%}
        {%- endfor -%}
        {{ return('{' ~ items | join(',') ~ '}') }}
    {%- elif value is iterable and value is not string -%}
        {%- set items = [] -%}
        {%- for item in value -%}{%- do items.append(_stable(item)) -%}{%- endfor -%}
        {{ return('[' ~ items | join(',') ~ ']') }}
    {%- endif -%}
    {{ return(value | string) }}
{% endmacro %}

{% macro _node_parts(node) %}
    {%- set columns = [] -%}
    {%- for column in node.columns.values() -%}
        {%- do columns.append({'name': column.name, 'data_type': column.get('data_type'),
            'constraints': column.get('constraints'), 'description': column.get('description')}) -%}
    {%- endfor -%}
    {#- the descriptions too: persist_docs writes them as comments, and an unchanged model does not run -#}
    {%- set parts = [node.unique_id, node.raw_code or '', node.description or '', _stable(node.config), _stable(columns),
        _stable(node.test_metadata.kwargs) if node.test_metadata else ''] -%}
    {#- the macros it calls: those dbt recorded, and those its hooks, its code (also in branches
        that only run while executing), its strategy and its materialization call -#}
    {%- set text = [node.raw_code or ''] -%}
    {%- for hook in (node.config.get('pre-hook') or []) + (node.config.get('post-hook') or []) -%}
        {%- do text.append(hook.sql if hook is mapping else hook | string) -%}
    {%- endfor -%}
    {%- set called = node.depends_on.macros | list -%}
    {%- for name in modules.re.findall('([A-Za-z_][A-Za-z0-9_]*)\\s*\\(', text | join('\n'))
        + ['get_incremental_' ~ node.config.get('incremental_strategy') ~ '_sql',
           'materialization_' ~ node.config.get('materialized') ~ '_postgres'] -%}
        {%- do called.append('macro.' ~ project_name ~ '.' ~ name) -%}
    {%- endfor -%}
    {%- do _macro_sources(called, {}, parts) -%}
    {{ return(parts) }}
{% endmacro %}

{#- The definition hash of a node (a graph node, or `model` while it runs: the same). -#}
{% macro node_definition(node) %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {#- the node as dbt parsed it: while a node runs, dbt adds each macro it calls to its depends_on -#}
    {%- set node = graph.nodes.get(node.unique_id, node) -%}
    {%- if node.get('_legacy_migration_definition') -%}{{ return(node._legacy_migration_definition) }}{%- endif -%}
    {%- set parts = _node_parts(node) -%}
    {%- if node.resource_type in ('test', 'unit_test') -%}
        {#- a parent's own definition, computed once per invocation (a mart has a dozen tests) -#}
        {%- for parent in node.depends_on.nodes if parent in graph.nodes -%}
            {%- do parts.append(node_definition(graph.nodes[parent])) -%}
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
