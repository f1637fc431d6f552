{#- The run a model executes in, and the window of legacy changes it has to process (see
    docs/sync.md). Values are read from migration.runs / run_results when the model compiles,
    which dbt does right before running it; outside a run (dbt compile, docs) they are 0. -#}

{#- This dbt invocation's row of migration.runs (registered by the on-run-start hook): run_seq,
    full_recompute, full_compare, as_of. Nothing is passed as a var, so dbt's partial parsing
    survives from one run to the next. -#}
{% macro current_run() %}
    {%- set defaults = {'run_seq': 0, 'full_recompute': false, 'full_compare': false, 'as_of': 'now'} -%}
    {%- if not execute -%}{{ return(defaults) }}{%- endif -%}
    {%- set found = run_query(
        "select run_seq, full_recompute, full_compare, started_at::text from migration.runs"
        ~ " where run_id = '" ~ invocation_id ~ "'"
    ) -%}
    {%- if not found.rows | length -%}{{ return(defaults) }}{%- endif -%}
    {%- set row = found.rows[0] -%}
    {{ return({'run_seq': row[0], 'full_recompute': row[1], 'full_compare': row[2], 'as_of': row[3]}) }}
{% endmacro %}

{% macro run_seq() %}
    {{ return(current_run().run_seq) }}
{% endmacro %}

{#- The instant the run classifies by (an offer expired before it is not carried over): its start. -#}
{% macro run_as_of() %}
    {{ return(current_run().as_of) }}
{% endmacro %}

{#- The last run in which this model succeeded with its current code; 0 when it never did. Every
    change after that run is still to be processed by it. -#}
{% macro since_seq() %}
    {%- if not execute -%}{{ return(0) }}{%- endif -%}
    {%- set found = run_query(
        "select coalesce(max(results.run_seq), 0) from migration.run_results as results"
        ~ " where results.unique_id = '" ~ model.unique_id ~ "' and results.status = 'success'"
        ~ " and results.checksum = '" ~ model.checksum.checksum ~ "'"
    ) -%}
    {{ return(found.columns[0].values()[0] | int) }}
{% endmacro %}

{#- True when the model recomputes every row: its first build, a project change or
    `runner build --full-refresh` (full_recompute of the run, set by the runner; with dbt alone,
    `--vars '{full_recompute: true}'`), or no earlier success with its current code. -#}
{% macro is_full_run() %}
    {{ return(not is_incremental() or var('full_recompute', false) or current_run().full_recompute or since_seq() == 0) }}
{% endmacro %}

{#- True when the sync re-copied the whole legacy table since the model last succeeded. -#}
{% macro table_recopied(source_table) %}
    {%- if not execute -%}{{ return(false) }}{%- endif -%}
    {%- set found = run_query(
        "select exists (select from migration.legacy_changes where source_table = '" ~ source_table
        ~ "' and op = '*' and run_seq > " ~ since_seq() ~ ")"
    ) -%}
    {{ return(found.columns[0].values()[0]) }}
{% endmacro %}

{#- The tracking columns every intermediate model ends with: the run that wrote the row. The
    tracked_merge strategy keeps a row's earlier values when its content (or classification) did
    not change. -#}
{% macro tracking_columns() -%}
    {{ run_seq() }}::bigint as _changed_seq,
    {{ run_seq() }}::bigint as _class_seq
{%- endmacro %}

{#- A filter for the import CTE of a change-driven intermediate model: in a full run every row; in
    an incremental run the rows to classify again. Those are the legacy ids the syncs since
    since_seq() inserted, updated or deleted, and the rows whose parent's classification changed:
    parents is a list of (foreign key column of this table, parent model, parent key). -#}
{% macro candidates(alias, staging, key, source_table, parents=[]) -%}
    {%- if execute and config.get('recompute') != 'changes' -%}
        {{ exceptions.raise_compiler_error("candidates() needs config recompute='changes' in " ~ model.name) }}
    {%- endif -%}
    {%- if is_full_run() or table_recopied(source_table) -%}
        true
    {%- else -%}
        {%- set since = since_seq() -%}
        {{ alias }}.{{ key }} in (
            select changes.legacy_id
            from migration.legacy_changes as changes
            where changes.source_table = '{{ source_table }}' and changes.run_seq > {{ since }}
            {%- for fk, parent, parent_key in parents %}
            union all
            select children.{{ key }}
            from {{ staging }} as children
            inner join {{ parent }} as parents on children.{{ fk }} = parents.{{ parent_key }}
            where parents._class_seq > {{ since }}
            {%- endfor %}
        )
    {%- endif -%}
{%- endmacro %}

{#- A mart's incremental filter: the rows of an intermediate model written since the mart last
    succeeded (everything in a full run). -#}
{% macro changed_since(alias=none) -%}
    {%- if is_full_run() -%}
        true
    {%- else -%}
        {{ alias ~ '.' if alias }}_changed_seq > {{ since_seq() }}
    {%- endif -%}
{%- endmacro %}
