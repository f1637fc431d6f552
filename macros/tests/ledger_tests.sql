{#- Generic tests of the accounting. Each returns the offending rows (zero rows = pass), by
    legacy id.

    A test checks every row (its full proof) the first time it runs with its definition (its code,
    the macros it calls, its arguments and the nodes it reads: macros/sync/definitions.sql), in a
    full_compare run (`dbt build --vars '{full_compare: true}'`, also on the schedule of var
    full_compare_every_days), and after a TRUNCATE of a relation it reads. Otherwise it checks
    the rows a change can reach since it last passed: the rows the migration wrote since (their
    _changed_seq / _class_seq, the snapshot's _synced_seq) and the rows another writer changed
    since (migration.target_writes, macros/sync/capture.sql). Every row was right at the last
    full proof, and a row can only become wrong by being written, so checking every written row
    keeps every row checked: a change's cost, never the table's. -#}

{#- The last run in which this test passed with its current definition; 0 = the full proof. -#}
{% macro test_since() %}
    {%- if not execute or var('full_compare', false) or current_run().full_compare -%}{{ return(0) }}{%- endif -%}
    {{ return(since_seq()) }}
{% endmacro %}

{#- test_since(), or 0 when one of the relations was truncated since: the full proof. -#}
{% macro proof_since(relations) %}
    {%- set since = test_since() -%}
    {%- set names = [] -%}
    {%- for relation in relations -%}{%- do names.append("'" ~ relation_name(relation) ~ "'") -%}{%- endfor -%}
    {%- if since -%}
        {%- set found = run_query("select exists (select from migration.target_writes as w where w.op = 'truncate' and "
            ~ written_after(since) ~ " and w.relation in (" ~ names | join(", ") ~ "))") -%}
        {%- if found.rows[0][0] -%}{{ return(0) }}{%- endif -%}
    {%- endif -%}
    {{ return(since) }}
{% endmacro %}

{#- schema.table of a relation (or of its name), as migration.target_writes names it. -#}
{% macro relation_name(relation) %}
    {%- set parts = ((relation | string) | replace('"', '')).split('.') -%}
    {{ return(parts[-2:] | join('.')) }}
{% endmacro %}

{#- On an intermediate model: every live legacy row (its staging model) has exactly one entry that
    is not a tombstone, no entry claims a row the legacy table lacks, and every entry is
    classified: migrated without a reason, or rejected / excluded / deleted with one. Its full
    proof also compares the live entries (migrated + rejected + excluded) with the legacy table's
    own rows as the legacy server counted them in the snapshot's transaction
    (legacy_parity_sql, macros/tests/legacy_tests.sql). -#}
{% test classifies_every_row(model, staging, key, legacy) %}
{%- set snapshot = 'legacy_snapshot.' ~ legacy.identifier %}
{%- set since = proof_since([model, snapshot]) %}
with

{%- if since %}

-- the entries the migration wrote since the test last passed, and the rows another writer
-- changed in the model or in the snapshot it reads
checked as (
    select entries.{{ key }}::bigint as legacy_id
    from {{ model }} as entries
    where entries._changed_seq > {{ since }} or entries._class_seq > {{ since }}
    union
    {{ written_keys_sql(relation_name(model), since) }}
    union
    {{ written_keys_sql(snapshot, since) }}
),

compared as (
    select
        checked.legacy_id,
        entries.disposition,
        entries.reject_reason,
        exists (select from {{ staging }} as source_rows where source_rows.{{ key }} = checked.legacy_id) as in_legacy
    from checked
    left join {{ model }} as entries on checked.legacy_id = entries.{{ key }}
),

parity as (
    select null::bigint as legacy_id, null::text as problem where false
),

{%- else %}

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

parity as (
    select legacy_id, problem from (
        {{ legacy_parity_sql(legacy.identifier, legacy,
            "(select " ~ key ~ " as legacy_id from " ~ model ~ " where disposition <> 'deleted')", 'the ledger (live entries)') }}
    ) as parity
),

{%- endif %}

problems as (
    select * from parity

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

{#- On a mart: its rows are exactly the migrated rows of the intermediate models that feed it
    (config meta.legacy: resolved, key, and legacy_table for a mart fed by several tables), and
    each carries the UUID its mapping assigned (meta.legacy mapping). Rows created by the
    application (no legacy id) are not the ledger's. Change-driven: the entries whose
    classification or content changed, and the rows another writer changed in the mart, the
    intermediate model or the mapping. -#}
{% test matches_ledger(model) %}
{%- if not execute %}
select 1 as parse_time where false
{%- else %}
{%- set node = tested_node() %}
{%- set read = [model] %}
{%- for feed in node.config.meta.legacy %}
    {%- do read.append(model_relation(feed.resolved)) %}
    {%- if feed.get('mapping') %}{%- do read.append(model_relation(feed.mapping)) %}{%- endif %}
{%- endfor %}
{%- set since = proof_since(read) %}
with

{% for feed in node.config.meta.legacy %}
{%- set ledger = model_node(feed.resolved).config.meta.get('ledger', {}) %}
{%- set resolved = model_relation(feed.resolved) %}
{%- set target_check = (" and r." ~ ledger.target_column ~ " = '" ~ model.identifier ~ "'") if ledger.get('target_column') else "" %}
{%- set mart_key = feed.get('mart_key', 'legacy_id') %}
{%- set own = "m." ~ mart_key ~ " is not null" ~ ((" and m.legacy_table = '" ~ feed.legacy_table ~ "'") if feed.get('legacy_table') else "") %}
{%- if since %}
checked_{{ loop.index }} as (
    select r.{{ feed.key }}::bigint as legacy_id
    from {{ resolved }} as r
    where r._changed_seq > {{ since }} or r._class_seq > {{ since }}
    union
    select w.legacy_id from migration.target_writes as w
    where w.relation = '{{ relation_name(model) }}' and {{ written_after(since) }} and w.legacy_id is not null
        {%- if feed.get('legacy_table') %} and w.legacy_table = '{{ feed.legacy_table }}'{% endif %}
    union
    {{ written_keys_sql(relation_name(resolved), since) }}
    {%- if feed.get('mapping') %}
    union
    {{ written_keys_sql(relation_name(model_relation(feed.mapping)), since) }}
    {%- endif %}
),
{%- endif %}

feed_{{ loop.index }} as (
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
        from {{ resolved }} as r
        {%- if since %}
        where r.{{ feed.key }} in (select legacy_id from checked_{{ loop.index }})
        {%- endif %}
    ) as r
    full join (
        select m.{{ mart_key }}::bigint as legacy_id, m.id from {{ model }} as m
        where {{ own }}
        {%- if since %} and m.{{ mart_key }} in (select legacy_id from checked_{{ loop.index }}){% endif %}
    ) as m on r.legacy_id = m.legacy_id
    {%- if feed.get('mapping') %}
    left join {{ model_relation(feed.mapping) }} as mapping on m.legacy_id = mapping.legacy_id
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

{#- On a mart or a base model (the snapshot): no text, array or JSON column holds a card number
    (PCI, issue 11). The sync masks them in the snapshot, so this proves nothing escaped; a finding
    fails the test with an error that names the relation, column and legacy id, never the number.
    Change-driven: the rows the migration wrote since the test last passed, and those another
    writer changed. -#}
{% test no_card_numbers(model) %}
{%- if not execute %}
select 1 as parse_time where false
{%- else %}
{%- set node = tested_node() %}
{%- set snapshot = node.config.materialized == 'legacy_snapshot' %}
{%- set columns = [] %}
{%- if snapshot %}
    {%- for column in legacy_table(node.alias).attached if column.data_type in ('text', 'jsonb') or column.data_type.startswith('character') %}
        {%- do columns.append(column.name) %}
    {%- endfor %}
{%- else %}
    {%- for column in node.columns.values() if column.data_type in ('text', 'jsonb', 'json', 'text[]') or column.data_type.startswith('character') %}
        {%- do columns.append(column.name) %}
    {%- endfor %}
{%- endif %}
{%- set key = 'id' if snapshot else node.config.meta.legacy[0].get('mart_key', 'legacy_id') %}
{%- set since = proof_since([model]) %}
with

checked as (
    select * from {{ model }}
    {%- if since and snapshot %}
    where _synced_seq > {{ since }} or id in ({{ written_keys_sql(relation_name(model), since) }})
    {%- elif not snapshot %}
    -- a row the application created (no legacy key) is the application's to vet
    where {{ key }} is not null
        {%- if since %}
        and (
            {%- for feed in node.config.meta.legacy %}
            {{ feed.get('mart_key', 'legacy_id') }} in (
                select {{ feed.key }} from {{ model_relation(feed.resolved) }}
                where _changed_seq > {{ since }}
            ) or
            {%- endfor %}
            {{ key }} in ({{ written_keys_sql(relation_name(model), since) }})
        )
        {%- endif %}
    {%- endif %}
),

problems as (
    select null::bigint as legacy_id, null::text as column_name where false
    {%- for column in columns %}
    union all
    select {{ key }}::bigint as legacy_id, '{{ column }}' as column_name
    from checked
    where {{ adapter.quote(column) }}::text ~ '{{ card_prefilter() }}' and migration.card_numbers({{ adapter.quote(column) }}::text) is not null
    {%- endfor %}
)

-- the first finding stops the test with an error naming the relation, column and legacy id (in
-- the select list, so that it runs only for rows that are findings)
select legacy_id, column_name, migration.card_number_found('{{ model }}', column_name, legacy_id) as stopped
from problems
{%- endif %}
{% endtest %}

{#- On a mart: no row the migration wrote was changed, inserted or deleted by another writer since
    (the target's drift, reported as changed_in_target), unless the migration put its values back
    (var on_target_drift: restore). -#}
{% test no_target_drift(model) %}
{%- set since = test_since() %}
select w.legacy_id, w.op || ' by ' || w.written_by || ' at ' || w.written_at::text as problem
from migration.target_writes as w
where
    w.relation = '{{ relation_name(model) }}'
    and w.legacy_id is not null
    and w.restored_by_run is null
    and {{ written_after(since) }}
{% endtest %}
