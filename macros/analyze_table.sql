{#- Post-hook: fresh statistics for a table this run wrote. dbt does not analyze, and without
    statistics the planner picks nested loops over hundreds of thousands of rows in the models
    and tests that read a new table. Views have nothing to analyze. -#}
{% macro analyze_table() %}
    {%- if config.get('materialized') != 'view' -%}
        analyze {{ this }}
    {%- endif -%}
{% endmacro %}
