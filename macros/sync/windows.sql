{#- The window of legacy changes a change-driven model processes (docs/sync.md, "Change-driven
    dbt models"): the changes since the model last succeeded with its definition (since_seq,
    macros/sync/run_control.sql), everything in a full run (is_full_run). -#}

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

{#- Whether a legacy table changed since this model last passed, as a condition: true in a full
    run or when the sync copied the table whole. -#}
{% macro legacy_table_changed(source_table) -%}
    {%- if is_full_run() or table_recopied(source_table) -%}
        true
    {%- else -%}
        {{ legacy_changes_since([source_table], since_seq()) }}
    {%- endif -%}
{%- endmacro %}

{#- True (an SQL expression) when the sync recorded a change of one of these legacy tables after
    run `since` (op: only changes of that kind, '*' a whole-table copy): whether a table changed,
    asked in one place by legacy_table_changed(), table_recopied() and unchanged_since(). -#}
{% macro legacy_changes_since(source_tables, since, op=none) -%}
    exists (
        select from migration.legacy_changes as changes
        where changes.source_table = any (array[{{ ("'" ~ source_tables | join("', '") ~ "'") if source_tables }}]::text[])
            and changes.run_seq > {{ since }}{{ " and changes.op = '" ~ op ~ "'" if op }}
    )
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
