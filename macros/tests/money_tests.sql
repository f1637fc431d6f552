{#- Money, to the cent, per legacy money column and currency (declared once, on the mart column):

        - name: total
          data_tests:
            - money_reconciles:
                arguments: {legacy: dispatch_purchase.total}

    The legacy total (every live legacy row, as staging rounded it once) = the total in the mart
    + the total of the rows the ledger rejects or excludes. `only` restricts the rows of both
    sides (a percent discount is not money). The intermediate model that feeds the mart carries
    the legacy values (meta.legacy of the mart). The mart's side counts its migrated rows only
    (mart_key set): the money the application records after cutover is not legacy money. -#}

{% macro money_totals_sql(mart, column, legacy, resolved, currency='currency', only=none, mart_key='legacy_id') %}
    with
    legacy_rows as (
        select {{ currency }} as currency, {{ column }} as amount, disposition
        from {{ resolved }}
        where disposition <> 'deleted' and {{ column }} is not null{% if only %} and ({{ only }}){% endif %}
    ),
    mart_rows as (
        select {{ currency }} as currency, {{ column }} as amount
        from {{ mart }}
        where {{ mart_key }} is not null and {{ column }} is not null{% if only %} and ({{ only }}){% endif %}
    ),
    amounts as (
        select currency, amount as source_amount, 0::numeric as migrated_amount,
            case when disposition <> 'migrated' then amount else 0 end as rejected_amount
        from legacy_rows
        union all
        select currency, 0::numeric, amount, 0::numeric
        from mart_rows
    )
    select
        '{{ legacy }}'::text as name,
        currency::text as currency,
        coalesce(sum(source_amount), 0)::numeric(14, 2) as source_total,
        coalesce(sum(migrated_amount), 0)::numeric(14, 2) as migrated_total,
        coalesce(sum(rejected_amount), 0)::numeric(14, 2) as rejected_total,
        coalesce(sum(source_amount) - sum(migrated_amount) - sum(rejected_amount), 0)::numeric(14, 2) as difference
    from amounts
    group by currency
{% endmacro %}

{% test money_reconciles(model, column_name, legacy, currency='currency', only=none) %}
{%- if not execute %}
select 1 as parse_time where false
{%- else %}
{%- set node = tested_node() %}
with totals as (
    {{ money_totals_sql(
        model, column_name, legacy, model_relation(node.config.meta.legacy[0].resolved), currency, only,
        node.config.meta.legacy[0].get('mart_key', 'legacy_id')
    ) }}
)
select * from totals where difference <> 0
{%- endif %}
{% endtest %}

{#- The report's money view: one money_totals_sql per money_reconciles test of the project. -#}
{% macro money_reconciliation_sql() %}
    {%- set parts = [] -%}
    {%- for test in graph.nodes.values()
        if test.resource_type == 'test' and test.test_metadata and test.test_metadata.name == 'money_reconciles' -%}
        {%- set mart_node = graph.nodes[test.attached_node] -%}
        {%- set mart = existing_relation(mart_node.name) -%}
        {%- set resolved = existing_relation(mart_node.config.meta.legacy[0].resolved) -%}
        {%- set args = test.test_metadata.kwargs -%}
        {%- if mart is not none and resolved is not none -%}
            {%- do parts.append(money_totals_sql(
                mart, args.column_name, args.legacy, resolved, args.get('currency', 'currency'), args.get('only'),
                mart_node.config.meta.legacy[0].get('mart_key', 'legacy_id')
            )) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not parts -%}
        {%- do parts.append(
            "select null::text as name, null::text as currency, null::numeric(14, 2) as source_total,"
            ~ " null::numeric(14, 2) as migrated_total, null::numeric(14, 2) as rejected_total,"
            ~ " null::numeric(14, 2) as difference where false"
        ) -%}
    {%- endif -%}
    {{ return('(' ~ parts | join(')\nunion all\n(') ~ ')') }}
{% endmacro %}
