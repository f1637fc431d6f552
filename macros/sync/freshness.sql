{#- `dbt source freshness` of the legacy tables: how far the target lags the legacy database.
    max_loaded_at is the newest legacy change the snapshot holds (the sync's watermark), and
    snapshotted_at the newest change the legacy table holds now (read through its foreign table),
    so the age dbt reports is the legacy's newest change against the last sync: 0 when the last
    sync saw every change. A naive change time is the lab's wall-clock time (var legacy_timezone).
    Other sources keep dbt's own freshness. -#}
{% macro collect_freshness(source, loaded_at_field, filter) %}
    {%- if source.schema != 'legacy' -%}
        {{ return(default__collect_freshness(source, loaded_at_field, filter)) }}
    {%- endif -%}
    {%- set column = adapter.get_columns_in_relation(source) | selectattr('name', 'equalto', loaded_at_field) | list -%}
    {%- set naive = column and column[0].data_type == 'timestamp without time zone' -%}
    {%- set kind = 'timestamp' if naive else 'timestamptz' -%}
    {%- set zone = " at time zone '" ~ var('legacy_timezone') ~ "'" if naive else "" -%}
    {% call statement('collect_freshness', fetch_result=True, auto_begin=False) -%}
        select
            (
                select (watermark::{{ kind }}){{ zone }} from migration.sync_tables
                where source_table = '{{ source.identifier }}'
            ) as max_loaded_at,
            greatest(
                (select max({{ adapter.quote(loaded_at_field) }}){{ zone }} from {{ source }}
                {%- if filter %} where {{ filter }}{% endif %}),
                (
                    select (watermark::{{ kind }}){{ zone }} from migration.sync_tables
                    where source_table = '{{ source.identifier }}'
                )
            ) as snapshotted_at
    {%- endcall %}
    {{ return(load_result('collect_freshness')) }}
{% endmacro %}
