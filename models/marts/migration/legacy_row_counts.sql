-- Row count of every live legacy table, read through zero-column foreign tables in schema
-- legacy_rowcount (made by `runner attach`), so that even the secret tables are counted without
-- a single value crossing over. Also the coverage guard: fails when the live tables and the
-- coverage manifest disagree.
-- depends_on: {{ ref('legacy_coverage') }}
{%- set live_tables = [] -%}
{%- if execute -%}
    {%- set live_tables = run_query(
        "select foreign_table_name from information_schema.foreign_tables"
        ~ " where foreign_table_schema = 'legacy_rowcount' order by 1"
    ).columns[0].values() | list -%}
    {%- set listed_tables = run_query(
        "select source_table from " ~ ref('legacy_coverage') ~ " order by 1"
    ).columns[0].values() | list -%}
    {{ assert_coverage(live_tables, listed_tables) }}
{%- endif %}

with

counts as (

    select
        null::text as source_table,
        null::bigint as source_rows
    where false
    {% for table_name in live_tables %}
        union all
        select
            '{{ table_name }}'::text as source_table,
            count(*)::bigint as source_rows
        from legacy_rowcount."{{ table_name }}"
    {% endfor %}

),

final as (

    select * from counts

)

select * from final
