{#- Post-hook: fresh statistics for a table this run wrote. dbt does not analyze, and without
    statistics the planner picks nested loops over hundreds of thousands of rows in the models
    and tests that read a new table. Views have nothing to analyze. -#}
{#- A change-driven run writes a few rows of a large table: autovacuum keeps its statistics, and
    analyzing it on every sync (a sample of 30,000 rows, with their JSON) would cost more than the
    run itself. -#}
{% macro analyze_table() %}
    {%- if config.get('materialized') != 'view' and (not is_incremental() or is_full_run()) -%}
        analyze {{ this }}
    {%- endif -%}
{% endmacro %}

{#- Post-hook of the intermediate models: a unique index on the model's key, which the merge, the
    marts and the children's candidate lookups use. A no-op once it exists. -#}
{% macro ensure_key_index() %}
    {%- set key = config.get('unique_key') -%}
    {%- if key and config.get('materialized') == 'incremental' -%}
        create unique index if not exists {{ this.identifier ~ '__key' }} on {{ this }} ({{ key }});
        create index if not exists {{ this.identifier ~ '__class_seq' }} on {{ this }} (_class_seq);
        create index if not exists {{ this.identifier ~ '__changed_seq' }} on {{ this }} (_changed_seq)
    {%- elif config.get('incremental_strategy') == 'append' -%}
        {#- a mapping: what record_node_write() asks (macros/sync/unchanged.sql) -#}
        create index if not exists {{ this.identifier ~ '__mapped_at' }} on {{ this }} (mapped_at)
    {%- endif -%}
{% endmacro %}
