{#- Generic tests of the accounting. Each returns the offending rows (zero rows = pass). -#}

{#- On a legacy source table: every legacy row has exactly one ledger entry (migrated, rejected
    or excluded) and the ledger names no row the source does not have. Together with
    matches_ledger on the marts this proves source rows = migrated + rejected + excluded. -#}
{% test accounts_for_every_row(model, source_table, key_column='id') %}
with

source_rows as (
    select {{ key_column }}::bigint as legacy_id from {{ model }}
),

ledger as (
    select legacy_id, count(*) as entries
    from {{ ref('row_ledger') }}
    where source_table = '{{ source_table }}'
    group by legacy_id
),

problems as (
    select source_rows.legacy_id, 'unexplained: no ledger entry' as problem
    from source_rows
    left join ledger on ledger.legacy_id = source_rows.legacy_id
    where ledger.legacy_id is null

    union all

    select ledger.legacy_id, 'counted ' || ledger.entries || ' times' as problem
    from ledger
    where ledger.entries > 1

    union all

    select ledger.legacy_id, 'ledger entry for a row the source does not have' as problem
    from ledger
    left join source_rows on source_rows.legacy_id = ledger.legacy_id
    where source_rows.legacy_id is null
)

select * from problems
{% endtest %}

{#- On a mart: its rows are exactly the ledger's migrated rows of the source table (with
    target_table, of those migrated to that target: a legacy table split over several marts). -#}
{% test matches_ledger(model, source_table, column_name='legacy_id', target_table=none) %}
with

mart as (
    select {{ column_name }}::bigint as legacy_id from {{ model }}
),

migrated as (
    select legacy_id
    from {{ ref('row_ledger') }}
    where source_table = '{{ source_table }}' and disposition = 'migrated'
    {% if target_table %}and target_table = '{{ target_table }}'{% endif %}
),

problems as (
    select mart.legacy_id, 'in the mart but not migrated in the ledger' as problem
    from mart
    left join migrated on migrated.legacy_id = mart.legacy_id
    where migrated.legacy_id is null

    union all

    select migrated.legacy_id, 'migrated in the ledger but missing from the mart' as problem
    from migrated
    left join mart on mart.legacy_id = migrated.legacy_id
    where mart.legacy_id is null
)

select * from problems
{% endtest %}

{#- On a mapping model: legacy id <-> UUID is one-to-one and total. -#}
{% test mapping_bijection(model) %}
with

by_legacy as (
    select legacy_id, count(*) as n from {{ model }} group by legacy_id having count(*) > 1
),

by_uuid as (
    select id, count(*) as n from {{ model }} group by id having count(*) > 1
),

problems as (
    select legacy_id::text as key, 'legacy id mapped ' || n || ' times' as problem from by_legacy
    union all
    select id::text as key, 'uuid used ' || n || ' times' as problem from by_uuid
    union all
    select coalesce(legacy_id::text, id::text) as key, 'null in mapping' as problem
    from {{ model }}
    where legacy_id is null or id is null
)

select * from problems
{% endtest %}

{#- On a mart: every row carries the UUID its mapping assigned to its legacy id. Works with dbt's
    `config: {where: ...}` (a mart fed by several legacy tables tests each with its mapping). -#}
{% test uses_mapping(model, mapping, column_name='id', legacy_column='legacy_id') %}
with

mart as (
    select {{ legacy_column }} as legacy_id, {{ column_name }} as id from {{ model }}
)

select mart.legacy_id, mart.id
from mart
left join {{ mapping }} as mapping on mapping.legacy_id = mart.legacy_id
where mapping.id is distinct from mart.id
{% endtest %}

{#- On the reconciliation: no covered table has unexplained rows. -#}
{% test no_unexplained_rows(model) %}
select source_table, source_rows, migrated_rows, rejected_rows, excluded_rows, unexplained_rows
from {{ model }}
where disposition <> 'not_yet_covered' and unexplained_rows <> 0
{% endtest %}
