{#- Generic tests of the accounting. Each returns the offending rows (zero rows = pass).

    A test checks every row the first time it runs with its current code, and under
    `python -m runner build --full-compare` (var full_compare). Otherwise it checks the rows that
    changed since it last passed, plus totals that cover every row: with the keys enforced unique
    by the database, equal totals and correct changed rows mean every row is correct. -#}

{#- The last run in which this test passed with its current definition; 0 = check every row. -#}
{% macro test_since() %}
    {%- if not execute or var('full_compare', false) or current_run().full_compare -%}{{ return(0) }}{%- endif -%}
    {%- set found = run_query(
        "select coalesce(max(run_seq), 0) from migration.run_results where unique_id = '" ~ model.unique_id
        ~ "' and status = 'pass' and checksum = '" ~ model.checksum.checksum ~ "'"
    ) -%}
    {{ return(found.columns[0].values()[0] | int) }}
{% endmacro %}

{#- The node a generic test is attached to (its meta says which legacy tables feed it). -#}
{% macro tested_node(relation) %}
    {{ return(graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
        | selectattr('alias', 'equalto', relation.identifier) | first) }}
{% endmacro %}

{% macro node_relation(name) %}
    {%- set node = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
        | selectattr('name', 'equalto', name) | first -%}
    {{ return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) }}
{% endmacro %}

{#- On an intermediate model: every live legacy row (its staging model) has exactly one entry that
    is not a tombstone, no entry claims a row the legacy table lacks, and every entry is
    classified: migrated without a reason, or rejected / excluded / deleted with one. -#}
{% test classifies_every_row(model, staging, key) %}
{%- set since = test_since() %}
with

{%- if since %}

-- the rows changed since the test last passed, and totals over every row (no CTE is read twice:
-- a CTE read twice is materialized, and the lookups below could not use the keys' indexes)
totals as (
    select null::bigint as legacy_id, 'the legacy table has ' || s.n || ' rows, the model ' || e.n || ' live entries' as problem
    from (select count(*) as n from {{ staging }}) as s
    cross join (select count(*) as n from {{ model }} where disposition <> 'deleted') as e
    where s.n <> e.n
),

compared as (
    select
        entries.{{ key }}::bigint as legacy_id,
        entries.disposition,
        entries.reject_reason,
        exists (select from {{ staging }} as source_rows where source_rows.{{ key }} = entries.{{ key }}) as in_legacy
    from {{ model }} as entries
    where entries._changed_seq > {{ since }} or entries._class_seq > {{ since }}
),

{%- else %}

totals as (
    select null::bigint as legacy_id, null::text as problem where false
),

-- every row, in one pass
compared as (
    select
        coalesce(entries.{{ key }}, source_rows.{{ key }})::bigint as legacy_id,
        entries.disposition,
        entries.reject_reason,
        source_rows.{{ key }} is not null as in_legacy
    from (select {{ key }} from {{ staging }}) as source_rows
    full join {{ model }} as entries on source_rows.{{ key }} = entries.{{ key }}
),

{%- endif %}

problems as (
    select * from totals

    union all

    select
        legacy_id,
        case
            when in_legacy and (disposition is null or disposition = 'deleted') then 'unexplained: no live entry'
            when not in_legacy and disposition is distinct from 'deleted'
                then 'live entry for a row the legacy table does not have'
            else 'disposition ' || coalesce(disposition, 'NULL') || ' with reason ' || coalesce(reject_reason, 'NULL')
        end as problem
    from compared
    where
        (in_legacy and (disposition is null or disposition = 'deleted'))
        or (not in_legacy and disposition is distinct from 'deleted')
        or (
            disposition is not null
            and not (
                (disposition = 'migrated' and reject_reason is null)
                or (disposition in ('rejected', 'excluded', 'deleted') and reject_reason is not null)
            )
        )
)

select * from problems
{% endtest %}

{#- On a mart: its rows with a legacy key are exactly the migrated rows of the intermediate models
    that feed it (config meta.legacy: resolved, key, and legacy_table for a mart fed by several
    tables), and each carries the UUID its mapping assigned (meta.legacy mapping). A row without a
    legacy key is the application's (macros/app_rows.sql): neither counted nor compared. -#}
{% test matches_ledger(model) %}
{%- if not execute %}
select 1 as parse_time where false
{%- else %}
{%- set since = test_since() %}
{%- set node = tested_node(model) %}
with

{% for feed in node.config.meta.legacy %}
{%- set resolved_node = graph.nodes.values() | selectattr('name', 'equalto', feed.resolved) | first %}
{%- set ledger = resolved_node.config.meta.get('ledger', {}) %}
{%- set target_check = (" and r." ~ ledger.target_column ~ " = '" ~ model.identifier ~ "'") if ledger.get('target_column') else "" %}
{%- set mart_key = feed.get('mart_key', 'legacy_id') %}
{%- set own = "m." ~ mart_key ~ " is not null" ~ ((" and m.legacy_table = '" ~ feed.legacy_table ~ "'") if feed.get('legacy_table') else "") %}
feed_{{ loop.index }} as (
    {%- if since %}
    select null::bigint as legacy_id, 'the mart has ' || m.n || ' rows of {{ feed.resolved }}, which migrates ' || r.n as problem
    from (select count(*) as n from {{ model }} as m where {{ own }}) as m
    cross join (
        select count(*) as n from {{ node_relation(feed.resolved) }} as r where r.disposition = 'migrated'{{ target_check }}
    ) as r
    where m.n <> r.n

    union all
    {%- endif %}

    select
        coalesce(r.legacy_id, m.legacy_id) as legacy_id,
        case
            when r.stays and m.legacy_id is null then 'migrated but missing from the mart'
            when not coalesce(r.stays, false) and m.legacy_id is not null
                then 'in the mart but not migrated here (' || coalesce(r.disposition, 'no entry') || ')'
            else 'id ' || m.id || ' is not the UUID its mapping assigned'
        end as problem
    from (
        select
            r.{{ feed.key }}::bigint as legacy_id,
            r.disposition,
            r.disposition = 'migrated'{{ target_check }} as stays
        from {{ node_relation(feed.resolved) }} as r
        {%- if since %}
        where r._changed_seq > {{ since }} or r._class_seq > {{ since }}
        {%- endif %}
    ) as r
    {{ 'left' if since else 'full' }} join (
        select m.{{ mart_key }}::bigint as legacy_id, m.id from {{ model }} as m where {{ own }}
    ) as m on r.legacy_id = m.legacy_id
    {%- if feed.get('mapping') %}
    left join {{ node_relation(feed.mapping) }} as mapping on m.legacy_id = mapping.legacy_id
    {%- endif %}
    where
        (r.stays and m.legacy_id is null)
        or (not coalesce(r.stays, false) and m.legacy_id is not null)
        {%- if feed.get('mapping') %}
        or (m.legacy_id is not null and mapping.id is distinct from m.id)
        {%- endif %}
),
{% endfor %}

problems as (
    {%- for feed in node.config.meta.legacy %}
    select * from feed_{{ loop.index }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select * from problems
{%- endif %}
{% endtest %}

{#- On a mart: no text, array or JSON column of a migrated row holds a card number (PCI, issue 11).
    The sync masks them in the snapshot, so this proves nothing escaped; a finding fails the test
    with an error that names the relation, column and legacy id, never the number. The rows the
    application created (no legacy key) are the application's to vet, not the migration's. -#}
{% test no_card_numbers(model) %}
{%- if not execute %}
select 1 as parse_time where false
{%- else %}
{%- set since = test_since() %}
{%- set node = tested_node(model) %}
{%- set columns = [] %}
{%- for column in node.columns.values() if column.data_type in ('text', 'jsonb', 'json', 'text[]') or column.data_type.startswith('character') %}
    {%- do columns.append(column.name) %}
{%- endfor %}
with

checked as (
    select * from {{ model }}
    where
        {{ node.config.meta.legacy[0].get('mart_key', 'legacy_id') }} is not null
        {%- if since %}
        and (
            {%- for feed in node.config.meta.legacy %}
            {{ feed.get('mart_key', 'legacy_id') }} in (
                select {{ feed.key }} from {{ node_relation(feed.resolved) }}
                where _changed_seq > {{ since }}
            ){{ ' or' if not loop.last }}
            {%- endfor %}
        )
        {%- endif %}
),

problems as (
    select null::bigint as legacy_id, null::text as column_name where false
    {%- for column in columns %}
    union all
    select {{ node.config.meta.legacy[0].get('mart_key', 'legacy_id') }}::bigint as legacy_id, '{{ column }}' as column_name
    from checked
    where {{ column }}::text ~ '[0-9](?:[ -]?[0-9]){12}' and migration.card_numbers({{ column }}::text) is not null
    {%- endfor %}
)

-- the first finding stops the test with an error naming the relation, column and legacy id (in
-- the select list, so that it runs only for rows that are findings)
select legacy_id, column_name, migration.card_number_found('{{ model }}', column_name, legacy_id) as stopped
from problems
{%- endif %}
{% endtest %}
