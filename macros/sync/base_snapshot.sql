{#- The base models of schema legacy_snapshot (models/staging/legacy/base): one per legacy table
    the snapshot copies, between the foreign table (the source) and its staging model in the
    lineage. The sync fills them, all in one legacy transaction, before any node runs
    (macros/sync/legacy_sync.sql); the model's code is the statement a whole copy runs, so the
    compiled SQL shows what the snapshot holds (masked card numbers, the row hash), and its run
    checks that this run's snapshot took the table. -#}

{% macro legacy_snapshot(relation) %}
    {%- if not execute -%}
        select * from {{ relation }}
    {%- else -%}
        {%- set table = legacy_table(relation.identifier) -%}
        {{ snapshot_copy_select(table, table.attached, run_seq()) }}
    {%- endif -%}
{% endmacro %}

{% materialization legacy_snapshot, adapter='postgres' %}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set seq = run_seq() -%}
    {{ run_hooks(pre_hooks) }}
    {%- set found = run_query("select last_run_seq from migration.sync_tables where source_table = '" ~ this.identifier
        ~ "' and snapshot") -%}
    {%- if not found.rows or found.rows[0][0] != seq -%}
        {{ migration_error("The snapshot of " ~ this.identifier ~ " was not taken by this run (run " ~ seq
            ~ "); a base model is filled by the sync that `dbt build` and `dbt run` take first, so run one of them.") }}
    {%- endif -%}
    {% call statement('main') -%}
        select count(*) from {{ target_relation }} where false
    {%- endcall %}
    {{ run_hooks(post_hooks) }}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
