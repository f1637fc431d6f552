{#- A change-driven model whose inputs did not change is not run (docs/sync.md, "What a sync
    costs"). dbt runs every selected node, and a model's own work is mostly dbt's: about twenty
    statements (its temporary relation, the columns, the contract, the merge, its hooks), each
    rendered by Jinja, whether or not a row changed. This project's incremental materialization
    asks first whether anything the model reads was written since it last succeeded with its
    definition; when nothing was, it keeps its rows, runs none of its hooks, and its result is a
    success of this run (so that run is its new "since").

    What a model reads, through views: the snapshot tables (changed when the sync recorded a
    change of the legacy table in migration.legacy_changes) and the incremental models
    (changed when they recorded a write in migration.node_writes, by record_node_write()). Any
    other input (a seed, a source read directly, a table model) makes the model run every time,
    as do a full run, a new definition and on_target_drift restore. A model that reads the clock
    (offers expire) is no exception: the sync records a change of the rows whose time passed
    (table meta time_trigger). -#}

{% materialization incremental, adapter='postgres' %}
    {%- set since = unchanged_since() -%}
    {%- if since is not none -%}
        {%- call statement('main') -%}
            select 'unchanged since run {{ since }}' as status
        {%- endcall -%}
        {{ return({'relations': [this.incorporate(type='table')]}) }}
    {%- endif -%}
    {{ return(materialization_incremental_default()) }}
{% endmaterialization %}

{#- The inputs of a node, through views: the legacy tables of its snapshot parents and its
    incremental parents; false when it has an input of another kind. A model named only by a
    foreign key of the contract (constraints: to: ref(...)) is not read. -#}
{% macro _unchanged_inputs(code, unique_ids, tables, writers) %}
    {%- for unique_id in unique_ids -%}
        {%- set node = graph.nodes.get(unique_id) -%}
        {%- set materialized = node.config.materialized if node is not none and node.resource_type == 'model' else none -%}
        {%- if materialized and not modules.re.search("ref\\(\\s*['\"]" ~ node.name ~ "['\"]", code) -%}
            {#- a foreign key's parent: not an input -#}
        {%- elif materialized == 'legacy_snapshot' -%}
            {%- do tables.append(node.alias) -%}
        {%- elif materialized == 'incremental' -%}
            {%- do writers.append(unique_id) -%}
        {%- elif materialized == 'view' and not node.depends_on.sources -%}
            {%- if not _unchanged_inputs(node.raw_code, node.depends_on.nodes, tables, writers) -%}{{ return(false) }}{%- endif -%}
        {%- else -%}
            {{ return(false) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(true) }}
{% endmacro %}

{#- The run since which nothing this model reads was written (its last success with its
    definition), or none when it has to run. -#}
{% macro unchanged_since() %}
    {%- if not execute or is_full_run() or restore_drift() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set tables, writers = [], [] -%}
    {%- set parent = graph.nodes.get(model.unique_id, model) -%}
    {%- if not _unchanged_inputs(parent.raw_code, parent.depends_on.nodes, tables, writers) -%}{{ return(none) }}{%- endif -%}
    {%- set since = since_seq() -%}
    {%- set found = run_query("select not " ~ legacy_changes_since(tables, since)
        ~ " and not exists (select from migration.node_writes where unique_id = any (array["
        ~ ("'" ~ writers | join("', '") ~ "'" if writers) ~ "]::text[]) and run_seq > " ~ since ~ ")") -%}
    {{ return(since if found.columns[0].values()[0] else none) }}
{% endmacro %}

{#- Post-hook of every incremental model: this run wrote it, so the models that read it run. An
    intermediate model (tracked_merge) wrote when a row carries this run in _changed_seq, a
    mapping when it mapped an id since the run started (index lookups, macros/analyze_table.sql);
    a mart whenever it ran. -#}
{% macro record_node_write() %}
    {%- if execute and config.get('materialized') == 'incremental' and run_seq() -%}
        insert into migration.node_writes (run_seq, unique_id)
        select {{ run_seq() }}, '{{ model.unique_id }}'
        {%- if config.get('incremental_strategy') == 'tracked_merge' %}
        where exists (select from {{ this }} where _changed_seq = {{ run_seq() }})
        {%- elif config.get('incremental_strategy') == 'append' %}
        where exists (select from {{ this }} where mapped_at >= (
            select runs.started_at from migration.runs as runs where runs.run_seq = {{ run_seq() }}))
        {%- endif %}
        on conflict do nothing
    {%- endif -%}
{% endmacro %}
