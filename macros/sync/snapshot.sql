{#- The legacy snapshot (docs/sync.md, "The snapshot"): the only reader of the foreign tables.
    Every statement is set-based SQL run by the target server; no legacy row passes through dbt.
    legacy_sync() runs these inside one target transaction, so every foreign scan sees the same
    REPEATABLE READ snapshot of the legacy database, and a failure leaves the snapshot as the
    previous sync left it. Statements go through sync_exec(): a database error becomes one
    sentence naming the hop and the object (macros/sync/errors.sql). -#}

{#- ids per bucket of the id-set comparison: 2^6 = 64 -#}
{% macro snapshot_bucket_bits() %}{{ return(6) }}{% endmacro %}

{#- rows changed inside this window before the last sync are read again (transactions commit out
    of order); a naive timestamp gets an extra hour for the DST change -#}
{% macro snapshot_look_back(naive) %}{{ return('2 hours' if naive else '1 hour') }}{% endmacro %}

{#- the snapshot's own columns after the legacy ones -#}
{% macro snapshot_meta_columns() %}
    {{ return(['_row_hash', '_synced_seq', '_json_invalid', '_card_masked']) }}
{% endmacro %}

{#- a value that may hold a card number: 13 digits, maybe separated by spaces or dashes -#}
{% macro card_prefilter() %}{{ return('[0-9](?:[ -]?[0-9]){12}') }}{% endmacro %}

{% macro snapshot_relation(table) %}legacy_snapshot.{{ adapter.quote(table.name) }}{% endmacro %}
{% macro foreign_relation(table) %}legacy.{{ adapter.quote(table.name) }}{% endmacro %}

{% macro text_columns(columns) %}
    {%- set names = [] -%}
    {%- for column in columns if column.data_type == 'text' or column.data_type.startswith('character') -%}
        {%- do names.append(column.name) -%}
    {%- endfor -%}
    {{ return(names) }}
{% endmacro %}

{#- An int8 hash of one column that postgres_fdw can push down (built-in immutable functions
    only) and that the target computes identically over the snapshot. -#}
{% macro column_hash(column, alias='') %}
    {%- set ref = (alias ~ '.' if alias else '') ~ adapter.quote(column.name) -%}
    {%- set t = column.data_type -%}
    {%- if t == 'integer' -%}hashint4extended({{ ref }}, 0)
    {%- elif t == 'bigint' -%}hashint8extended({{ ref }}, 0)
    {%- elif t == 'smallint' -%}hashint2extended({{ ref }}, 0)
    {%- elif t == 'boolean' -%}hashint4extended({{ ref }}::integer, 0)
    {%- elif t == 'text' or t.startswith('character varying') -%}hashtextextended({{ ref }}::text, 0)
    {%- elif t.startswith('character') -%}hashbpcharextended({{ ref }}, 0)
    {%- elif t.startswith('numeric') -%}hash_numeric_extended({{ ref }}, 0)
    {%- elif t == 'double precision' -%}hashfloat8extended({{ ref }}, 0)
    {%- elif t == 'real' -%}hashfloat4extended({{ ref }}, 0)
    {%- elif t == 'date' -%}hashint4extended({{ ref }} - '2000-01-01'::date, 0)
    {%- elif t == 'timestamp with time zone' -%}interval_hash_extended({{ ref }} - '2000-01-01 00:00:00+00'::timestamptz, 0)
    {%- elif t == 'timestamp without time zone' -%}timestamp_hash_extended({{ ref }}, 0)
    {%- elif t == 'interval' -%}interval_hash_extended({{ ref }}, 0)
    {%- elif t == 'inet' -%}hashinetextended({{ ref }}, 0)
    {%- elif t == 'jsonb' -%}jsonb_hash_extended({{ ref }}, 0)
    {%- elif t == 'uuid' -%}uuid_hash_extended({{ ref }}, 0)
    {%- else -%}{{ exceptions.raise_compiler_error("No row-hash expression for type " ~ t ~ " (" ~ column.name ~ ").") }}
    {%- endif -%}
{% endmacro %}

{% macro row_hash(columns, alias='') -%}
    hash_array_extended(array[{% for column in columns %}{{ column_hash(column, alias) }}{{ ', ' if not loop.last }}{% endfor %}]::bigint[], 0)
{%- endmacro %}

{#- The snapshot row of a fetched legacy row: card numbers masked (the prefilter runs once per
    value), the row hash of the legacy values kept; JSON validity is recorded afterwards. -#}
{% macro snapshot_select(columns, source, seq) -%}
    {%- set texts = text_columns(columns) -%}
    select
        {%- for column in columns %}
        p.{{ adapter.quote(column.name) }},
        {%- endfor %}
        p._row_hash,
        {{ seq }}::bigint,
        '{}'::text[],
        array_remove(array[
            {%- for name in texts -%}
            case when p.{{ adapter.quote(name) }} is distinct from p.{{ adapter.quote('_raw_' ~ name) }} then '{{ name }}' end
            {{- ', ' if not loop.last }}
            {%- endfor -%}
            {{- 'null' if not texts }}]::text[], null)
    from (
        select
            {%- for column in columns %}
            {%- if column.name in texts %}
            case
                when octet_length({{ adapter.quote(column.name) }}) >= 13 and {{ adapter.quote(column.name) }} ~ '{{ card_prefilter() }}'
                    then migration.mask_card_numbers({{ adapter.quote(column.name) }})
                else {{ adapter.quote(column.name) }}
            end as {{ adapter.quote(column.name) }},
            {{ adapter.quote(column.name) }} as {{ adapter.quote('_raw_' ~ column.name) }},
            {%- else %}
            {{ adapter.quote(column.name) }},
            {%- endif %}
            {%- endfor %}
            _row_hash
        from {{ source }}
    ) as p
{%- endmacro %}

{#- What a whole-table copy reads from a foreign table: the body of each base model
    (models/staging/legacy/base), and the statement the sync runs for a first copy. -#}
{% macro snapshot_copy_select(table, columns, seq) -%}
    {{ snapshot_select(columns, '(select *, ' ~ row_hash(columns) ~ ' as _row_hash from ' ~ foreign_relation(table) ~ ') as raw', seq) }}
{%- endmacro %}

{#- The snapshot's definition of a table: its columns with their types, its text-JSON columns and
    the statement that copies it. When it changes, the table is copied whole again. -#}
{% macro snapshot_fingerprint(table, columns) %}
    {%- set text = columns | map(attribute='name') | join(',') ~ '|' ~ columns | map(attribute='data_type') | join(',')
        ~ '|' ~ table.json_columns | sort | join(',') ~ '|' ~ snapshot_copy_select(table, columns, 0) -%}
    {{ return(local_md5(text)[:16]) }}
{% endmacro %}

{% macro column_list(columns) -%}
    {%- for column in columns %}{{ adapter.quote(column.name) }}, {% endfor -%}
    {{ snapshot_meta_columns() | join(', ') }}
{%- endmacro %}

{#- The statements of a temp table for one step, with statistics (autovacuum never sees temp
    tables); the row count of the second is the table's. -#}
{% macro temp_statements(name, query) %}
    {{ return(['drop table if exists ' ~ name, 'create temp table ' ~ name ~ ' on commit drop as ' ~ query, 'analyze ' ~ name]) }}
{% endmacro %}

{% macro sync_scalar(sql) %}
    {%- set found = run_query(sql) -%}
    {{ return(found.rows[0][0] if found.rows else none) }}
{% endmacro %}

{#- The JSON validity of the rows this sync wrote: the text-JSON columns that do not parse go to
    _json_invalid. Text that may not be JSON (not bracketed, or holding a single quote: pre-2017
    rows stored Python's str(dict)) is checked row by row; the rest in one cast, and only when that
    finds one that does not parse after all is every row checked one by one. -#}
{% macro snapshot_validate_json(table, seq) %}
    {%- for name in table.json_columns | sort -%}
        {%- set c = adapter.quote(name) -%}
        {%- set suspect = "left(" ~ c ~ ", 1) not in ('{', '[') or right(" ~ c ~ ", 1) not in ('}', ']') or strpos(" ~ c ~ ", '''') > 0" -%}
        {%- set flag = "update " ~ snapshot_relation(table) ~ " set _json_invalid = array_append(_json_invalid, '" ~ name
            ~ "') where _synced_seq = " ~ seq ~ " and btrim(" ~ c ~ ") <> '' and migration.try_jsonb(" ~ c ~ ") is null and " -%}
        {%- do sync_exec(flag ~ "(" ~ suspect ~ ")") -%}
        {%- set bulk = sync_exec("select count(" ~ c ~ "::json) from " ~ snapshot_relation(table) ~ " where _synced_seq = "
            ~ seq ~ " and " ~ c ~ " <> '' and not (" ~ suspect ~ ")", tolerate=['22P02']) -%}
        {%- if bulk.sqlstate -%}
            {%- do sync_exec(flag ~ "not (" ~ suspect ~ ")") -%}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}

{#- The statements that create the table's snapshot afresh (its staging view goes with it; the
    drop goes through dbt's cache, so that dbt knows it and creates the view again). -#}
{% macro snapshot_create(table) %}
    {%- do adapter.drop_relation(api.Relation.create(database=target.database, schema='legacy_snapshot',
        identifier=table.name, type='table')) -%}
    {{ return(["create unlogged table " ~ snapshot_relation(table) ~ " (like " ~ foreign_relation(table)
        ~ " including defaults, _row_hash bigint not null, _synced_seq bigint not null,"
        ~ " _json_invalid text[] not null, _card_masked text[] not null)"]) }}
{% endmacro %}

{#- The legacy table's unique constraints (deferrable: rows may swap a key within one statement),
    so that a key that moved without every row showing it in `modified` cannot go unnoticed: the
    write fails and the sync compares every row of the table instead. -#}
{% macro unique_key_statements(table) %}
    {%- set statements = [] -%}
    {%- for columns in table.unique_keys -%}
        {%- do statements.append("alter table " ~ snapshot_relation(table) ~ " add unique (" ~ columns | map('tojson') | join(', ')
            ~ ") deferrable initially immediate") -%}
    {%- endfor -%}
    {{ return(statements) }}
{% endmacro %}

{#- A snapshot made before the keys were kept gets them now; false when it holds a key twice. -#}
{% macro snapshot_unique_keys(table) %}
    {{ return(not sync_exec(unique_key_statements(table), tolerate=['23505']).sqlstate) }}
{% endmacro %}

{% macro index_statements(table, columns) %}
    {%- set statements = ["alter table " ~ snapshot_relation(table) ~ " add primary key (id)"] + unique_key_statements(table) -%}
    {%- for column in columns if column.name != 'id' and (column.name.endswith('_id') or column.name == 'parent_id') -%}
        {%- do statements.append("create index on " ~ snapshot_relation(table) ~ " (" ~ adapter.quote(column.name) ~ ")") -%}
    {%- endfor -%}
    {{ return(statements) }}
{% endmacro %}

{#- one bucket of the snapshot, as migration.sync_buckets keeps it: the id-set figures (n, s, h)
    compared with the legacy side's, and the content figure r -#}
{% macro bucket_aggregates() -%}
    count(*) as n, sum(s.id::bigint) as s, sum(hashint8extended(s.id::bigint, 0)) as h, sum(s._row_hash::numeric) as r
{%- endmacro %}

{#- migration.sync_buckets of the table recomputed from the snapshot: every bucket, or those of a
    temp table of bucket numbers (one index range scan per touched bucket, lateral: a range join
    the planner would otherwise run as a nested loop over every snapshot row). -#}
{% macro bucket_statements(table, touched=none) %}
    {%- set bits = snapshot_bucket_bits() -%}
    {%- if touched is none -%}
        {{ return([
            "delete from migration.sync_buckets where source_table = '" ~ table.name ~ "'",
            "insert into migration.sync_buckets (source_table, b, n, s, h, r) select '" ~ table.name ~ "', (s.id::bigint >> "
                ~ bits ~ "), " ~ bucket_aggregates() ~ " from " ~ snapshot_relation(table) ~ " as s group by 2",
        ]) }}
    {%- endif -%}
    {{ return([
        "delete from migration.sync_buckets where source_table = '" ~ table.name ~ "' and b in (select b from " ~ touched ~ ")",
        "insert into migration.sync_buckets (source_table, b, n, s, h, r) select '" ~ table.name ~ "', t.b, a.n, a.s, a.h, a.r"
            ~ " from " ~ touched ~ " as t cross join lateral (select " ~ bucket_aggregates() ~ " from "
            ~ snapshot_relation(table) ~ " as s where s.id between t.b << " ~ bits ~ " and ((t.b + 1) << " ~ bits
            ~ ") - 1) as a where a.n > 0",
    ]) }}
{% endmacro %}

{#- A first copy (or a changed definition): the whole table, then its indexes and buckets. -#}
{% macro snapshot_full_copy(table, columns, seq) %}
    {%- set statements = snapshot_create(table) + [
        "insert into " ~ snapshot_relation(table) ~ " (" ~ column_list(columns) ~ ") " ~ snapshot_copy_select(table, columns, seq),
        "insert into _sync_figures select '" ~ table.name ~ "', l.n, l.s, l.h, "
            ~ ("(select max(" ~ adapter.quote(table.modified) ~ ")::text from " ~ snapshot_relation(table) ~ ")"
                if table.modified else "null")
            ~ " from (select count(*) as n, coalesce(sum(id::bigint), 0) as s, coalesce(sum(hashint8extended(id::bigint, 0)), 0) as h"
            ~ " from " ~ foreign_relation(table) ~ ") as l",
    ] + index_statements(table, columns) + bucket_statements(table)
        + write_capture_statements(snapshot_relation(table), 'id') + [
        "insert into migration.legacy_changes (run_seq, source_table, legacy_id, op) values (" ~ seq ~ ", '" ~ table.name
            ~ "', null, '*')",
    ] -%}
    {%- set done = sync_exec(statements) -%}
    {{ return({'read_rows': done.counts[1], 'inserted': done.counts[1], 'updated': 0, 'deleted': 0, 'full_copy': true}) }}
{% endmacro %}

{#- _sync_want (new or changed ids) and _sync_gone (deleted ids) from a per-row hash computed by
    the legacy server: 16 bytes a row cross the wire, never the row. -#}
{% macro changed_by_hash_statements(table, columns) %}
    {{ return(temp_statements('_sync_remote', "select id::bigint as id, min(" ~ row_hash(columns) ~ ") as h from "
            ~ foreign_relation(table) ~ " group by id")
        + ["create index on _sync_remote (id)",
           "insert into _sync_figures select '" ~ table.name ~ "', count(*), coalesce(sum(id), 0),"
               ~ " coalesce(sum(hashint8extended(id, 0)), 0), null from _sync_remote"]
        + temp_statements('_sync_want', "select r.id from _sync_remote as r left join " ~ snapshot_relation(table)
            ~ " as s on s.id = r.id where s.id is null or s._row_hash <> r.h")
        + temp_statements('_sync_gone', "select s.id::bigint as id from " ~ snapshot_relation(table)
            ~ " as s where not exists (select from _sync_remote as r where r.id = s.id)")) }}
{% endmacro %}

{#- _sync_want (ids the snapshot lacks) and _sync_gone (ids the legacy table lost), from
    per-bucket count, sum and hash of the ids: the legacy server aggregates its side, the
    snapshot's side is kept in migration.sync_buckets, and only the ids of buckets that differ
    cross the wire. -#}
{% macro changed_by_bucket_statements(table) %}
    {%- set bits = snapshot_bucket_bits() -%}
    {{ return(temp_statements('_sync_rb', "select (id::bigint >> " ~ bits ~ ") as b, count(*) as n, sum(id::bigint) as s,"
            ~ " sum(hashint8extended(id::bigint, 0)) as h from " ~ foreign_relation(table) ~ " group by 1")
        + ["insert into _sync_figures select '" ~ table.name ~ "', coalesce(sum(n), 0), coalesce(sum(s), 0), coalesce(sum(h), 0),"
            ~ " null from _sync_rb"]
        + temp_statements('_sync_db', "select coalesce(r.b, l.b) as b from _sync_rb as r full join (select b, n, s, h from"
            ~ " migration.sync_buckets where source_table = '" ~ table.name ~ "') as l on l.b = r.b"
            ~ " where (r.n, r.s, r.h) is distinct from (l.n, l.s, l.h)")
        + temp_statements('_sync_rid', "select id::bigint as id from " ~ foreign_relation(table) ~ " where (id::bigint >> "
            ~ bits ~ ") = any((select array_agg(b) from _sync_db)::bigint[])")
        + temp_statements('_sync_want', "select r.id from _sync_rid as r where not exists (select from "
            ~ snapshot_relation(table) ~ " as s where s.id = r.id)")
        + temp_statements('_sync_gone', "select s.id from _sync_db as d cross join lateral (select s.id::bigint as id from "
            ~ snapshot_relation(table) ~ " as s where s.id between d.b << " ~ bits ~ " and ((d.b + 1) << " ~ bits
            ~ ") - 1) as s where not exists (select from _sync_rid as r where r.id = s.id)")) }}
{% endmacro %}

{#- modified > (watermark - look-back), as a constant postgres_fdw can push down (since: the
    watermark minus the look-back, computed once for every table). -#}
{% macro watermark_filter(table, columns, since) %}
    {%- set modified = columns | selectattr('name', 'equalto', table.modified) | list -%}
    {%- if not modified or not since -%}{{ return('false') }}{%- endif -%}
    {%- set naive = modified[0].data_type == 'timestamp without time zone' -%}
    {{ return(adapter.quote(table.modified) ~ " > '" ~ (since.naive if naive else since.aware) ~ "'::"
        ~ ('timestamp' if naive else 'timestamptz')) }}
{% endmacro %}

{#- Bring the snapshot level with the legacy table from what changed, all or nothing: rows gone
    from legacy leave first (a new row may carry a unique key a deleted one held), then the new
    and changed rows are written. Returns the counts, or none when a unique key moved to a row
    whose change `modified` did not show (the caller compares every row instead). -#}
{% macro snapshot_incremental(table, columns, seq, since, full_compare, previous_as_of, as_of) %}
    {%- set bits = snapshot_bucket_bits() -%}
    {%- if full_compare or not table.modified -%}
        {%- set statements = changed_by_hash_statements(table, columns) -%}
        {%- set recent = 'false' -%}
    {%- else -%}
        {%- set statements = changed_by_bucket_statements(table) -%}
        {%- set recent = watermark_filter(table, columns, since) -%}
    {%- endif -%}
    {#- rows another writer changed in the snapshot are read again (and written even when their
        legacy hash is the one the snapshot holds) by a full_compare sync -#}
    {%- do statements.extend(temp_statements('_sync_forced', "select w.legacy_id as id from migration.target_writes as w"
        ~ " where " ~ full_compare ~ " and w.relation = 'legacy_snapshot." ~ table.name ~ "' and w.legacy_id is not null"
        ~ " and not exists (select from " ~ snapshot_relation(table) ~ " as s where s.id = w.legacy_id"
        ~ " and s._synced_seq >= w.seen_by_run)")) -%}
    {%- set updates = [] -%}
    {%- for name in columns | map(attribute='name') | list + snapshot_meta_columns() -%}
        {%- do updates.append(adapter.quote(name) ~ ' = excluded.' ~ adapter.quote(name)) -%}
    {%- endfor -%}
    {%- set changes = "insert into migration.legacy_changes (run_seq, source_table, legacy_id, op) select " ~ seq ~ ", '" ~ table.name ~ "', " -%}
    {%- set first = statements | length -%}
    {%- do statements.append("with gone as (delete from " ~ snapshot_relation(table) ~ " as s using _sync_gone as g"
        ~ " where s.id = g.id returning s.id) " ~ changes ~ "id, 'd' from gone") -%}
    {%- do statements.extend(temp_statements('_sync_fetched', "select *, " ~ row_hash(columns) ~ " as _row_hash from "
        ~ foreign_relation(table) ~ " where id = any((select array_agg(id) from (select id from _sync_want union"
        ~ " select id from _sync_forced) as wanted)::bigint[]) or " ~ recent)) -%}
    {%- do statements.extend(temp_statements('_sync_apply', "select f.*, s.id is null as is_new from _sync_fetched as f left join "
        ~ snapshot_relation(table) ~ " as s on s.id = f.id where s.id is null or s._row_hash <> f._row_hash"
        ~ " or f.id in (select id from _sync_forced)")) -%}
    {%- do statements.append(changes ~ "id, 'i' from _sync_apply where is_new") -%}
    {%- do statements.append(changes ~ "id, 'u' from _sync_apply where not is_new") -%}
    {%- do statements.append("update _sync_figures set max_modified = " ~ ("(select max(" ~ adapter.quote(table.modified)
        ~ ")::text from _sync_apply)" if table.modified else "null") ~ " where source_table = '" ~ table.name ~ "'") -%}
    {%- do statements.append("insert into " ~ snapshot_relation(table) ~ " (" ~ column_list(columns) ~ ") "
        ~ snapshot_select(columns, '_sync_apply', seq) ~ " on conflict (id) do update set " ~ updates | join(', ')) -%}
    {%- do statements.extend(temp_statements('_sync_touched', "select distinct id >> " ~ bits ~ " as b from (select id from _sync_apply"
        ~ " union all select id from _sync_gone) as changed")) -%}
    {%- do statements.extend(bucket_statements(table, '_sync_touched')) -%}
    {%- if table.time_trigger and previous_as_of -%}
        {#- rows whose classification depends on the clock count as changed once their instant passed -#}
        {%- set c = adapter.quote(table.time_trigger) -%}
        {%- do statements.append(changes ~ "id, 'u' from " ~ snapshot_relation(table) ~ " where " ~ c ~ " > '" ~ previous_as_of
            ~ "'::timestamptz and " ~ c ~ " <= '" ~ as_of ~ "'::timestamptz") -%}
    {%- endif -%}
    {%- do statements.extend(write_capture_statements(snapshot_relation(table), 'id')) -%}
    {%- set done = sync_exec(statements, tolerate=['23505']) -%}
    {%- if done.sqlstate -%}{{ return(none) }}{%- endif -%}
    {{ return({'deleted': done.counts[first], 'read_rows': done.counts[first + 2], 'inserted': done.counts[first + 7],
        'updated': done.counts[first + 8], 'full_copy': false}) }}
{% endmacro %}

{#- The statements that record this table's card findings for the rows this sync wrote. -#}
{% macro card_finding_statements(table, columns, seq) %}
    {%- set statements = ["delete from migration.card_findings as f where f.source_table = '" ~ table.name ~ "' and ("
        ~ "exists (select from " ~ snapshot_relation(table) ~ " as s where s.id = f.legacy_id and s._synced_seq = " ~ seq
        ~ ") or not exists (select from " ~ snapshot_relation(table) ~ " as s where s.id = f.legacy_id))"] -%}
    {%- set texts = text_columns(columns) -%}
    {%- if texts -%}
        {%- set values = [] -%}
        {%- for name in texts -%}
            {%- do values.append("('" ~ name ~ "', coalesce(migration.masked_card_numbers(s." ~ adapter.quote(name) ~ "), '{}'))") -%}
        {%- endfor -%}
        {%- do statements.append("insert into migration.card_findings (source_table, legacy_id, column_name, numbers, last4,"
            ~ " run_seq) select '" ~ table.name ~ "', s.id, c.column_name, cardinality(c.found), array(select"
            ~ " right(regexp_replace(n, '[^0-9X]', '', 'g'), 4) from unnest(c.found) as n), " ~ seq ~ " from (select * from "
            ~ snapshot_relation(table) ~ " where _synced_seq = " ~ seq ~ " and cardinality(_card_masked) > 0) as s"
            ~ " cross join lateral (values " ~ values | join(', ') ~ ") as c (column_name, found)"
            ~ " where c.column_name = any(s._card_masked)") -%}
    {%- endif -%}
    {{ return(statements) }}
{% endmacro %}

{#- migration.json_quarantine: the raw text of every text-JSON value that does not parse (it
    becomes NULL in the target, with a repair), readable by the migration's role only. -#}
{% macro snapshot_json_quarantine(tables) %}
    {%- set branches = [] -%}
    {%- for table in tables if table.snapshot and table.json_columns -%}
        {%- set cases = [] -%}
        {%- for name in table.json_columns | sort -%}
            {%- do cases.append("when '" ~ name ~ "' then s." ~ adapter.quote(name) ~ "::text") -%}
        {%- endfor -%}
        {%- do branches.append("select '" ~ table.name ~ "'::text as source_table, s.id::bigint as legacy_id,"
            ~ " c.column_name, case c.column_name " ~ cases | join(' ') ~ " end as raw_text, s._synced_seq as seen_by_run"
            ~ " from " ~ snapshot_relation(table) ~ " as s cross join lateral unnest(s._json_invalid) as c (column_name)") -%}
    {%- endfor -%}
    {%- do sync_exec(["drop view if exists migration.json_quarantine"]
        + (["create view migration.json_quarantine as " ~ branches | join(' union all ')] if branches else [])) -%}
{% endmacro %}

{#- One snapshot table: copied whole, or brought level with the legacy table incrementally.
    columns are the attached columns as the foreign table has them (a tolerated type change, such
    as a longer varchar, is the live type). known: the table's state after the last sync. Returns
    what the sync did, for migration.run_tables. -#}
{% macro snapshot_table(table, columns, seq, known, full_compare, as_of, previous_as_of) %}
    {%- set fingerprint = snapshot_fingerprint(table, columns) -%}
    {#- an unlogged snapshot table comes back empty after a crash of the target server -#}
    {%- set copy = not known.exists or known.columns_fingerprint != fingerprint or (known.snapshot_rows and known.empty)
        or (known.unique_keys < table.unique_keys | length and not snapshot_unique_keys(table)) -%}
    {%- if copy -%}
        {%- set result = snapshot_full_copy(table, columns, seq) -%}
    {%- else -%}
        {%- if not known.buckets -%}
            {%- do sync_exec(bucket_statements(table)) -%}
        {%- endif -%}
        {%- set result = snapshot_incremental(table, columns, seq, known.since, full_compare, previous_as_of, as_of) -%}
        {%- if result is none -%}
            {#- a unique key moved to another row whose change `modified` did not show: every row -#}
            {%- set result = snapshot_incremental(table, columns, seq, known.since, true, previous_as_of, as_of) -%}
        {%- endif -%}
    {%- endif -%}
    {%- set changed = result.full_copy or (result.inserted + result.updated + result.deleted) > 0 -%}
    {%- do result.update({'name': table.name, 'changed': changed, 'fingerprint': fingerprint, 'card_numbers_masked': 0,
        'modified_kind': 'timestamp' if (columns | selectattr('name', 'equalto', table.modified) | map(attribute='data_type')
            | first | default('')) == 'timestamp without time zone' else 'timestamptz'}) -%}
    {%- if changed -%}
        {%- do snapshot_validate_json(table, seq) -%}
        {%- set found = sync_exec(card_finding_statements(table, columns, seq) + ["analyze " ~ snapshot_relation(table)]) -%}
        {%- do result.update({'card_numbers_masked': found.counts[1] if found.counts | length > 2 else 0}) -%}
    {%- endif -%}
    {{ return(result) }}
{% endmacro %}

{#- Every table that is only counted (excluded, secret), in one batch: its row count through the
    legacy server; a snapshot left from when it was copied is dropped. -#}
{% macro snapshot_count_only(tables) %}
    {%- set statements = [] -%}
    {%- for table in tables -%}
        {%- do statements.append("insert into _sync_figures select '" ~ table.name ~ "', count(*), null, null, null from "
            ~ foreign_relation(table)) -%}
        {%- do statements.append("drop table if exists " ~ snapshot_relation(table)) -%}
    {%- endfor -%}
    {%- do sync_exec(statements) -%}
{% endmacro %}

{#- The state of every table after the last sync, read once: its definition fingerprint, whether
    its snapshot exists (and is empty: an unlogged table after a crash), has buckets and keys, and
    the watermark minus the look-back for both kinds of timestamp. -#}
{% macro snapshot_state(tables) %}
    {%- set names = tables | map(attribute='name') | list -%}
    {%- set state = {} -%}
    {%- for row in run_query("select t.name, s.columns_fingerprint, s.legacy_rows, to_regclass('legacy_snapshot.' || t.name) is not null,"
        ~ " exists (select from migration.sync_buckets as b where b.source_table = t.name),"
        ~ " (select count(*) from pg_constraint as c where c.conrelid = to_regclass('legacy_snapshot.' || t.name) and c.contype = 'u'),"
        ~ " (s.watermark::timestamptz - '" ~ snapshot_look_back(false) ~ "'::interval)::text,"
        ~ " (s.watermark::timestamp - '" ~ snapshot_look_back(true) ~ "'::interval)::text"
        ~ " from unnest(array['" ~ names | join("', '") ~ "']) as t (name)"
        ~ " left join migration.sync_tables as s on s.source_table = t.name").rows -%}
        {%- do state.update({row[0]: {'columns_fingerprint': row[1], 'snapshot_rows': row[2], 'exists': row[3], 'buckets': row[4],
            'unique_keys': row[5] | int, 'since': {'aware': row[6], 'naive': row[7]} if row[6] else none, 'empty': false}}) -%}
    {%- endfor -%}
    {%- set emptied = [] -%}
    {%- for name, known in state.items() if known.exists and known.snapshot_rows -%}
        {%- do emptied.append("select '" ~ name ~ "' where not exists (select from legacy_snapshot." ~ adapter.quote(name) ~ ")") -%}
    {%- endfor -%}
    {%- if emptied -%}
        {%- for row in run_query(emptied | join(' union all ')).rows -%}{%- do state[row[0]].update({'empty': true}) -%}{%- endfor -%}
    {%- endif -%}
    {{ return(state) }}
{% endmacro %}

{#- After every table: migration.sync_tables (definition, watermark: the newest change held,
    rows) and migration.run_tables (the legacy figures and what the sync did), per table. -#}
{% macro snapshot_record(seq, results) %}
    {%- set rows = [] -%}
    {%- for r in results -%}
        {%- do rows.append("('" ~ r.name ~ "', " ~ r.get('snapshot', true) ~ ", " ~ _sql_text(r.get('fingerprint')) ~ ", "
            ~ r.get('read_rows', 0) ~ ", " ~ r.get('inserted', 0) ~ ", " ~ r.get('updated', 0) ~ ", " ~ r.get('deleted', 0)
            ~ ", " ~ r.get('card_numbers_masked', 0) ~ ", " ~ r.get('full_copy', false) ~ ", " ~ r.get('changed', false) ~ ", '"
            ~ r.get('modified_kind', 'timestamptz') ~ "')") -%}
    {%- endfor -%}
    {%- do sync_exec([
        "create temp table _sync_done (source_table text primary key, snapshot boolean, fingerprint text, read_rows bigint,"
            ~ " inserted bigint, updated bigint, deleted bigint, card_numbers_masked bigint, full_copy boolean, changed boolean,"
            ~ " modified_kind text) on commit drop",
        "insert into _sync_done values " ~ rows | join(', '),
        "insert into migration.sync_tables (source_table, snapshot, columns_fingerprint, watermark, legacy_rows, last_run_seq)"
            ~ " select d.source_table, d.snapshot, d.fingerprint,"
            ~ " case when d.modified_kind = 'timestamp' then greatest(case when not d.full_copy then s.watermark::timestamp end,"
            ~ " f.max_modified::timestamp)::text else greatest(case when not d.full_copy then s.watermark::timestamptz end,"
            ~ " f.max_modified::timestamptz)::text end,"
            ~ " case when not d.snapshot then f.legacy_rows when d.changed or s.legacy_rows is null then"
            ~ " (select coalesce(sum(b.n), 0) from migration.sync_buckets as b where b.source_table = d.source_table)"
            ~ " else s.legacy_rows end, " ~ seq
            ~ " from _sync_done as d join _sync_figures as f on f.source_table = d.source_table"
            ~ " left join migration.sync_tables as s on s.source_table = d.source_table"
            ~ " on conflict (source_table) do update set snapshot = excluded.snapshot,"
            ~ " columns_fingerprint = excluded.columns_fingerprint, watermark = excluded.watermark,"
            ~ " legacy_rows = excluded.legacy_rows, last_run_seq = excluded.last_run_seq",
        "insert into migration.run_tables (run_seq, source_table, legacy_rows, legacy_id_sum, legacy_id_hash, snapshot_rows,"
            ~ " read_rows, inserted, updated, deleted, card_numbers_masked, full_copy) select " ~ seq ~ ", d.source_table,"
            ~ " f.legacy_rows, f.legacy_id_sum, f.legacy_id_hash, case when d.snapshot then s.legacy_rows end, d.read_rows,"
            ~ " d.inserted, d.updated, d.deleted, d.card_numbers_masked, d.full_copy"
            ~ " from _sync_done as d join _sync_figures as f on f.source_table = d.source_table"
            ~ " join migration.sync_tables as s on s.source_table = d.source_table",
    ]) -%}
{% endmacro %}
