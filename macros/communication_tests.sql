{#- uses_mapping on the rows of a mart that match a condition: for marts fed by several legacy
    tables (case_messages) or holding a row that is not a legacy one (the "unknown / legacy"
    task type). dbt's `config: {where: ...}` cannot be used with uses_mapping, whose SQL aliases
    the model (`from {{ model }} as mart`) and so breaks on dbt's `(select ...) dbt_subquery`. -#}
{% test uses_mapping_for_rows(model, mapping, rows_where, column_name='id', legacy_column='legacy_id') %}
select mart.{{ legacy_column }} as legacy_id, mart.{{ column_name }} as id
from {{ model }} as mart
left join {{ mapping }} as mapping
    on mapping.legacy_id = mart.{{ legacy_column }}
where ({{ rows_where }})
    and mapping.id is distinct from mart.{{ column_name }}
{% endtest %}

{#- matches_ledger for a legacy table split over several marts by the ledger's target_table
    (dispatch_file -> order_files or case_files): the mart's rows are exactly the migrated ledger
    rows of the source table with that target. -#}
{% test matches_ledger_target(model, source_table, target_table, column_name='legacy_id') %}
with

mart as (
    select {{ column_name }}::bigint as legacy_id from {{ model }}
),

migrated as (
    select legacy_id
    from {{ ref('row_ledger') }}
    where source_table = '{{ source_table }}' and target_table = '{{ target_table }}' and disposition = 'migrated'
),

problems as (
    select mart.legacy_id, 'in the mart but not migrated to {{ target_table }} in the ledger' as problem
    from mart
    left join migrated on migrated.legacy_id = mart.legacy_id
    where migrated.legacy_id is null

    union all

    select migrated.legacy_id, 'migrated to {{ target_table }} in the ledger but missing from the mart' as problem
    from migrated
    left join mart on mart.legacy_id = migrated.legacy_id
    where mart.legacy_id is null
)

select * from problems
{% endtest %}
