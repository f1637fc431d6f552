{#- dbt Labs' dbt-project-evaluator (not a package of this project: ../shared/tools/evaluate-project.sh
    adds it to a copy). Its models end with filter_exceptions(), which drops the rows its exceptions
    seed lists; dispatch (dbt_project.yml) sends that call here, and the rows come from the
    evaluator's var exceptions ([fct_name, column_name, id_to_exclude, comment], each with its
    reason), because the evaluator builds only its own package and a project seed would never load. -#}
{% macro default__filter_exceptions() %}
    {%- set rows = [] -%}
    {%- for fct_name, column_name, id_to_exclude, _ in var('exceptions', []) if fct_name == model.name -%}
        {%- do rows.append(column_name ~ " not like '" ~ id_to_exclude | replace("'", "''") ~ "'") -%}
    {%- endfor -%}
    {%- if rows %}
    where {{ rows | join('\n        and ') }}
    {%- endif %}
{% endmacro %}
