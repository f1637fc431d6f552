{#- The one place that finds a model of this project in dbt's graph, and its relation. A lookup by
    unique id: the graph holds about a thousand nodes, and a scan per call cost every node that
    makes several of them. -#}

{#- The graph node of a model of this project, by name; a compiler error names an unknown one. -#}
{% macro model_node(name) %}
    {%- set node = graph.nodes.get('model.' ~ project_name ~ '.' ~ name) -%}
    {%- if node is none -%}
        {{ exceptions.raise_compiler_error("The project has no model " ~ name ~ " (a meta key names it).") }}
    {%- endif -%}
    {{ return(node) }}
{% endmacro %}

{#- The relation a model builds (whether or not it exists yet): by name, or of a graph node. -#}
{% macro model_relation(name_or_node) %}
    {%- set node = model_node(name_or_node) if name_or_node is string else name_or_node -%}
    {{ return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) }}
{% endmacro %}

{#- The relation of a model when it exists in the target, else none (a first build that failed). -#}
{% macro existing_relation(name) %}
    {%- set node = model_node(name) -%}
    {{ return(adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias)) }}
{% endmacro %}

{#- The model a generic test is attached to (its meta says which legacy tables feed it). -#}
{% macro tested_node() %}
    {{ return(graph.nodes[model.attached_node]) }}
{% endmacro %}

{#- The selected nodes of this project (models, tests, seeds, unit tests) of this invocation: an
    invocation that selects none of them (another package's models, e.g. dbt-project-evaluator)
    runs none of the project's hooks. `dbt retry` leaves selected_resources empty (it queues the
    nodes to retry itself): it re-runs part of the project's last invocation, so the project's
    nodes count as selected. -#}
{% macro project_selected() %}
    {%- set ours = [] -%}
    {%- set chosen = selected_resources if selected_resources or not retrying() else graph.nodes.keys() -%}
    {%- for unique_id in chosen if unique_id.split('.')[1] == project_name
        and unique_id.split('.')[0] in ('model', 'test', 'seed', 'unit_test') -%}
        {%- do ours.append(unique_id) -%}
    {%- endfor -%}
    {{ return(ours) }}
{% endmacro %}

{#- True in `dbt retry`: it runs under the retried command's flags (flags.WHICH is 'build'), and
    only its command line says retry. -#}
{% macro retrying() %}
    {{ return(flags.WHICH == 'retry' or (invocation_args_dict.get('invocation_command') or '').startswith('dbt retry')) }}
{% endmacro %}
