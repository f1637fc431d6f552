{#- Parity with the live legacy database. The sync records, per legacy table and run, what the
    legacy server itself counted in the snapshot's transaction (migration.run_tables: rows, and
    the sum and hash of the ids). These tests compare a relation of the target with those figures;
    when they differ, the failing rows name the ids, read through the foreign table (the legacy
    table as it is now): the ids it has and the relation lacks, and the other way round. -#}

{#- The legacy figures of the latest run that took the table's snapshot. -#}
{% macro recorded_legacy_sql(source_table) -%}
    select t.run_seq, t.legacy_rows, t.legacy_id_sum, t.legacy_id_hash
    from migration.run_tables as t
    where t.source_table = '{{ source_table }}' and t.legacy_id_sum is not null
    order by t.run_seq desc
    limit 1
{%- endmacro %}

{#- ids: a relation (or subquery) with a column legacy_id of the ids the target holds. The problem
    rows: one totals row, then the ids on either side only. -#}
{% macro legacy_parity_sql(source_table, legacy, ids, what) -%}
    with

    recorded as (
        {{ recorded_legacy_sql(source_table) }}
    ),

    held as (
        select
            count(*) as n,
            coalesce(sum(ids.legacy_id::bigint), 0) as s,
            coalesce(sum(hashint8extended(ids.legacy_id::bigint, 0)), 0) as h
        from {{ ids }} as ids
    ),

    mismatch as (
        select recorded.run_seq, recorded.legacy_rows, held.n
        from recorded cross join held
        where (recorded.legacy_rows, recorded.legacy_id_sum, recorded.legacy_id_hash) is distinct from (held.n, held.s, held.h)
    ),

    -- read from the legacy server only when the figures differ
    legacy_now as (
        select legacy.id::bigint as legacy_id
        from {{ legacy }} as legacy
        where exists (select from mismatch)
    ),

    problems as (
        select
            null::bigint as legacy_id,
            'the legacy server counted ' || mismatch.legacy_rows || ' rows of {{ source_table }} in run '
            || mismatch.run_seq || '''s snapshot; {{ what }} has ' || mismatch.n as problem
        from mismatch

        union all

        select legacy_now.legacy_id, 'in legacy {{ source_table }}, missing from {{ what }}'
        from legacy_now
        where not exists (select from {{ ids }} as ids where ids.legacy_id = legacy_now.legacy_id)

        union all

        select ids.legacy_id, 'in {{ what }}, not in legacy {{ source_table }}'
        from {{ ids }} as ids
        where
            exists (select from mismatch)
            and not exists (select from legacy_now where legacy_now.legacy_id = ids.legacy_id)
    )

    select * from problems
{%- endmacro %}

{#- On a base model: the snapshot holds exactly the legacy table's ids, and nobody but the sync
    wrote it. The ids are aggregated on every run, never taken from the figures the sync keeps
    (migration.sync_buckets): a sync that went wrong would have them wrong too. It is one index-only
    pass over the snapshot's primary key, the one proof whose cost is the table's (docs/sync.md).
    Every row another writer changed since the test last passed, and the sync has not read again
    since, fails it: the snapshot is a copy of the legacy database, which a full_compare sync
    reads again. -#}
{% test matches_legacy(model, legacy) %}
{%- set since = proof_since([model]) %}
select legacy_id, problem from (
    {{ legacy_parity_sql(legacy.identifier, legacy, '(select id as legacy_id from ' ~ model ~ ')', 'the snapshot') }}
) as parity
{%- if since %}

union all

select w.legacy_id, 'written behind the sync''s back (' || w.op || ' by ' || w.written_by || ' at ' || w.written_at::text
    || '); a full_compare sync reads the legacy row again' as problem
from migration.target_writes as w
where
    w.relation = '{{ relation_name(model) }}' and {{ written_after(since) }} and w.legacy_id is not null
    and not exists (select from {{ model }} as s where s.id = w.legacy_id and s._synced_seq >= w.seen_by_run)
{%- endif %}
{% endtest %}
