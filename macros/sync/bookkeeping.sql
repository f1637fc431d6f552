{#- The migration's own schemas, bookkeeping tables and functions, created by every dbt invocation
    that syncs, tests or records a run (idempotent: every statement is a no-op once its object is in
    place). Only the migration's own role reads them: PUBLIC has no access to the snapshot (it holds
    the legacy rows, PII included) or to the bookkeeping. -#}

{% macro migration_bookkeeping() %}
    {%- if execute -%}
        {%- do target_privileges() -%}
        {%- do run_query(migration_tables_sql()) -%}
        {%- do run_query(migration_functions_sql()) -%}
    {%- endif -%}
{% endmacro %}

{#- The target role may create what the migration owns: the schemas it creates (database CREATE),
    and objects in the ones that exist. One sentence with the fix otherwise (hop dbt -> target). -#}
{% macro target_privileges() %}
    {%- set found = run_query("select s.name from unnest(array['migration', 'legacy_snapshot', 'legacy', 'legacy_catalog',"
        ~ " 'staging', 'intermediate', 'public']) as s (name) left join pg_namespace as n on n.nspname = s.name"
        ~ " where not case when n.oid is null then has_database_privilege(current_database(), 'CREATE')"
        ~ " else has_schema_privilege(n.oid, 'CREATE') and has_schema_privilege(n.oid, 'USAGE') end").columns[0].values() -%}
    {%- if found -%}
        {%- set schemas = found | join(', ') -%}
        {{ migration_error("The target role " ~ target.user ~ " may not create objects in schema(s) " ~ schemas
            ~ " of database " ~ target.dbname ~ " (hop dbt -> target: permission denied); an administrator must run `grant create"
            ~ " on database " ~ target.dbname ~ " to " ~ target.user ~ ";` or, for a schema that exists, `grant usage, create on"
            ~ " schema <name> to " ~ target.user ~ ";`, then sync again.") }}
    {%- endif -%}
{% endmacro %}

{% macro migration_tables_sql() %}
set local client_min_messages = warning;
create schema if not exists migration;
create schema if not exists legacy_snapshot;
create schema if not exists extensions;
revoke all on schema migration, legacy_snapshot from public;

-- One row per run: a sync (dbt build or run, `dbt run-operation legacy_sync`, the runner), or
-- another dbt command that tests or records. run_seq is the identity of a run and orders the runs;
-- run_id is the dbt invocation that started it, invocation_id the one that holds it now (a
-- `dbt retry`, or the runner's build after its snapshot, continues the run). A sync holds the
-- target's lease while it runs: another sync refuses while this one is alive (a statement of its
-- invocation is running, or its heartbeat is recent), and marks it abandoned once it is not.
create table if not exists migration.runs (
    run_seq bigint generated always as identity primary key,
    run_id text not null unique,
    command text not null,
    started_at timestamptz not null default clock_timestamp(),
    finished_at timestamptz,
    status text not null default 'running',
    no_change boolean not null default false,
    full_compare boolean not null default false,
    full_recompute boolean not null default false,
    legacy_fingerprint text,
    project_fingerprint text,
    synthetic_scale numeric,
    synthetic_seed bigint,
    dbt_version text,
    models_ok boolean,
    models_errored integer,
    models_skipped integer,
    tests_passed integer,
    tests_failed integer,
    tests_skipped integer,
    selection text,
    error text
);
alter table migration.runs add column if not exists is_sync boolean not null default false;
alter table migration.runs add column if not exists invocation_id text;
alter table migration.runs add column if not exists heartbeat_at timestamptz;
alter table migration.runs add column if not exists snapshot_taken boolean not null default false;
alter table migration.runs add column if not exists refused boolean not null default false;
alter table migration.runs add column if not exists abandoned_at timestamptz;
alter table migration.runs add column if not exists legacy_database text;
alter table migration.runs add column if not exists target_ssl boolean;
alter table migration.runs add column if not exists target_application_name text;
alter table migration.runs add column if not exists restore_drift boolean not null default false;
alter table migration.runs drop column if exists awaiting_dbt;
-- a review run (`python -m runner review`, var review_frozen_snapshot): the run whose snapshot it
-- reused instead of reading the legacy database (macros/sync/review.sql)
alter table migration.runs add column if not exists review_of bigint references migration.runs (run_seq);
alter table migration.runs drop constraint if exists runs_status_check;
alter table migration.runs add constraint runs_status_check check (status in ('running', 'ok', 'failed', 'abandoned'));
create index if not exists runs_invocation on migration.runs (invocation_id);

-- Per run and legacy table: what the legacy server held in the snapshot's transaction (rows and
-- the id-set figures), what the sync read and found changed, and the ledger after the run.
create table if not exists migration.run_tables (
    run_seq bigint not null references migration.runs (run_seq) on delete cascade,
    source_table text not null,
    legacy_rows bigint,
    read_rows bigint not null default 0,
    inserted bigint not null default 0,
    updated bigint not null default 0,
    deleted bigint not null default 0,
    card_numbers_masked bigint not null default 0,
    migrated bigint,
    rejected bigint,
    excluded bigint,
    deleted_in_legacy bigint,
    primary key (run_seq, source_table)
);
alter table migration.run_tables add column if not exists legacy_id_sum numeric;
alter table migration.run_tables add column if not exists legacy_id_hash numeric;
alter table migration.run_tables add column if not exists snapshot_rows bigint;
alter table migration.run_tables add column if not exists full_copy boolean not null default false;

-- Every dbt node result of every run (the report of a run reads these, never target/).
-- checksum is the node's definition (macros/sync/definitions.sql), not dbt's file checksum.
create table if not exists migration.run_results (
    run_seq bigint not null references migration.runs (run_seq) on delete cascade,
    unique_id text not null,
    resource_type text not null,
    status text not null,
    execution_time double precision,
    failures bigint,
    message text,
    checksum text,
    primary key (run_seq, unique_id)
);
create index if not exists run_results_node on migration.run_results (unique_id, status, checksum);

-- The incremental models each run wrote (macros/sync/unchanged.sql): a model none of whose inputs
-- was written since it last succeeded is not run.
create table if not exists migration.node_writes (
    run_seq bigint not null references migration.runs (run_seq) on delete cascade,
    unique_id text not null,
    primary key (unique_id, run_seq)
);

-- Per legacy table: the state of the incremental copy (legacy_rows: the snapshot's rows).
create table if not exists migration.sync_tables (
    source_table text primary key,
    snapshot boolean not null,
    columns_fingerprint text,
    watermark text,
    legacy_rows bigint,
    content_fingerprint text,
    last_run_seq bigint
);

-- Per snapshot table and bucket of 64 ids: their count, sum and hash, the snapshot's side of the
-- id-set comparison with the legacy table (kept up to date by each sync, never recomputed whole).
create table if not exists migration.sync_buckets (
    source_table text not null,
    b bigint not null,
    n bigint not null,
    s numeric not null,
    h numeric not null,
    r numeric not null,
    primary key (source_table, b)
);

-- The legacy ids each sync found inserted (i), updated (u) or deleted (d); '*' with a NULL id:
-- the whole table was (re)copied. dbt models read the changes since they last succeeded.
create table if not exists migration.legacy_changes (
    run_seq bigint not null,
    source_table text not null,
    legacy_id bigint,
    op "char" not null check (op in ('i', 'u', 'd', '*'))
);
create index if not exists legacy_changes_table_seq on migration.legacy_changes (source_table, run_seq);

-- Rows of the data path (snapshot, mappings, intermediate models, marts) that another writer
-- than the migration inserted, updated or deleted (macros/sync/capture.sql): the proofs check
-- them again, and for a mart they are the target's drift. seen_by_run: the first run that saw
-- the write; restored_by_run: the run that put the migration's values back (on_target_drift:
-- restore). A mart's row is kept before and after the write (card numbers masked).
create table if not exists migration.target_writes (
    write_seq bigint generated always as identity primary key,
    relation text not null,
    legacy_id bigint,
    row_id text,
    legacy_table text,
    op text not null check (op in ('insert', 'update', 'delete', 'truncate')),
    old_values text,
    new_values text,
    written_at timestamptz not null default clock_timestamp(),
    written_by text not null default session_user,
    seen_by_run bigint,
    restored_by_run bigint
);
create index if not exists target_writes_relation on migration.target_writes (relation, seen_by_run);

-- The cutover: the day the application took the target over (`runner cutover`). The final
-- full-compare sync's run, the legacy database's fingerprint over the freeze window and after the
-- sync (per table: rows, newest modified, a hash of every row version), the ledger's totals. A
-- sync after a cutover is refused unless var after_cutover is true.
create table if not exists migration.cutovers (
    cutover_seq bigint generated always as identity primary key,
    run_seq bigint not null references migration.runs (run_seq),
    run_id text not null,
    cut_at timestamptz not null default clock_timestamp(),
    cut_by text not null default session_user,
    freeze_seconds numeric not null,
    legacy_fingerprint text not null,
    legacy_tables jsonb not null,
    ledger jsonb not null
);

-- Card numbers (PANs) found in legacy text by the sync and masked in the snapshot. Never the
-- number itself: table, legacy id, column, how many, their last four digits.
create table if not exists migration.card_findings (
    source_table text not null,
    legacy_id bigint not null,
    column_name text not null,
    numbers integer not null,
    last4 text [] not null,
    run_seq bigint not null,
    primary key (source_table, legacy_id, column_name)
);
{% endmacro %}

{#- Functions the sync and the models share. They live in schema migration, reference every object
    by its schema and run with a fixed search_path. -#}
{% macro migration_functions_sql() %}
set local client_min_messages = warning;

-- text -> jsonb that never aborts a query: NULL when the text is not a JSON object or array
-- (issue 12). The exception block is a subtransaction, so the function is parallel unsafe.
create or replace function migration.try_jsonb(raw text) returns jsonb
language plpgsql immutable parallel unsafe
set search_path = pg_catalog, pg_temp
as $fn$
begin
    if raw is null or raw !~ '^\s*[\{\[]' then
        return null;
    end if;
    return raw::jsonb;
exception when others then
    return null;
end
$fn$;

-- free-text phone -> E.164, best effort (issue 14): drops an extension, keeps digits; 10 digits
-- take the default calling code, 11+ digits starting with it or written with '+' are kept.
-- NULL when no plausible number is left; the raw value is always kept next to it.
create or replace function migration.phone_e164(raw text, default_code text) returns text
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $fn$
    with cleaned as (
        select
            pg_catalog.regexp_replace(
                pg_catalog.regexp_replace(
                    coalesce(raw, ''), '\s*(x|ext\.?|extension)\s*\d+\s*$', '', 'i'
                ),
                '[^0-9+]', '', 'g'
            ) as s
    ),
    parts as (
        select pg_catalog.left(s, 1) = '+' as has_plus, pg_catalog.replace(s, '+', '') as digits from cleaned
    )
    select case
        when has_plus and pg_catalog.length(digits) between 8 and 15 then '+' || digits
        when pg_catalog.length(digits) = 10 then '+' || default_code || digits
        when pg_catalog.length(digits) = 10 + pg_catalog.length(default_code)
            and pg_catalog.left(digits, pg_catalog.length(default_code)) = default_code
            then '+' || digits
    end
    from parts
$fn$;

-- Luhn checksum of a digit string.
create or replace function migration.luhn_valid(digits text) returns boolean
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $fn$
    select coalesce(
        sum(
            case
                when (pg_catalog.length(digits) - i) % 2 = 1
                    then (pg_catalog.substr(digits, i, 1)::int * 2) / 10
                        + (pg_catalog.substr(digits, i, 1)::int * 2) % 10
                else pg_catalog.substr(digits, i, 1)::int
            end
        ) % 10 = 0,
        false
    )
    from pg_catalog.generate_series(1, pg_catalog.length(digits)) as i
    where digits ~ '^[0-9]+$'
$fn$;

-- A digit string is a payment card number (PAN) when its issuer prefix and length are those of a
-- card scheme (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro) and it passes
-- the Luhn check. Phone numbers, dates, ids and amounts rarely have both.
create or replace function migration.is_pan(digits text) returns boolean
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $fn$
    select coalesce(
        case
            when digits !~ '^[0-9]{13,19}$' then false
            when digits ~ '^4' then pg_catalog.length(digits) in (13, 16, 19)
            when digits ~ '^(5[1-5]|222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)'
                then pg_catalog.length(digits) = 16
            when digits ~ '^3[47]' then pg_catalog.length(digits) = 15
            when digits ~ '^3(0[0-5]|[689])' then pg_catalog.length(digits) between 14 and 19
            when digits ~ '^35(2[89]|[3-8][0-9])' then pg_catalog.length(digits) between 16 and 19
            when digits ~ '^(6011|64[4-9]|65|62)' then pg_catalog.length(digits) between 16 and 19
            when digits ~ '^(5[06-9]|6[0-9])' then pg_catalog.length(digits) between 16 and 19
            else false
        end,
        false
    ) and migration.luhn_valid(digits)
$fn$;

-- The spellings of card numbers in a text, as people write them: 13-19 digits in one run, or in
-- the groups cards are printed in (4-4-4-4, 4-4-4-4-1..3, 4-4-4-1..3, 4-6-5, 4-6-4) separated by
-- a space or a dash; inside a longer run of digit groups (a card followed by its expiry, say)
-- every window of groups is tried. A run that touches a letter or a digit, or follows a '+'
-- (a phone number in international form), is not a card number. NULL when there is none.
create or replace function migration.card_numbers(raw text) returns text []
language plpgsql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $fn$
declare
    run text;
    grp text [];
    seps text [];
    found text [] := '{}';
    i int;
    j int;
    lens int [];
    pattern text;
    spelled text;
begin
    if raw is null or raw !~ '[0-9](?:[ -]?[0-9]){12}' then
        return null;
    end if;
    for run in
        select m[1]
        from regexp_matches(raw, '(?<![0-9A-Za-z+])([0-9]+(?:[ -][0-9]+)*)(?![0-9A-Za-z])', 'g') as m
        where m[1] ~ '[0-9](?:[ -]?[0-9]){12}'
    loop
        grp := regexp_split_to_array(run, '[ -]');
        seps := array(select s[1] from regexp_matches(run, '([ -])', 'g') as s);
        for i in 1 .. array_length(grp, 1) loop
            lens := '{}';
            for j in i .. least(i + 4, array_length(grp, 1)) loop
                lens := lens || length(grp[j]);
                pattern := array_to_string(lens, '-');
                if pattern ~ '^(1[3-9]|4-4-4-4|4-4-4-4-[1-3]|4-4-4-[1-3]|4-6-5|4-6-4)$'
                    and migration.is_pan(array_to_string(grp[i:j], '')) then
                    spelled := grp[i];
                    for k in i + 1 .. j loop
                        spelled := spelled || seps[k - 1] || grp[k];
                    end loop;
                    found := found || spelled;
                end if;
            end loop;
        end loop;
    end loop;
    return nullif(found, '{}');
end
$fn$;

-- The text with every card number masked: all digits but the last four become X.
create or replace function migration.mask_card_numbers(raw text) returns text
language plpgsql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $fn$
declare
    spelled text;
    masked text := raw;
begin
    foreach spelled in array coalesce(migration.card_numbers(raw), '{}') loop
        masked := replace(masked, spelled, regexp_replace(spelled, '[0-9](?=(?:[^0-9]*[0-9]){4})', 'X', 'g'));
    end loop;
    return masked;
end
$fn$;

-- The masked card numbers of a text that mask_card_numbers wrote (at least eight X, then the
-- last four digits): what a finding reports instead of the number.
create or replace function migration.masked_card_numbers(masked text) returns text []
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $fn$
    select array_agg(m[1])
    from pg_catalog.regexp_matches(masked, '(X(?:[ -]?X){8,}[ -]?[0-9]{4})(?![0-9])', 'g') as m
$fn$;

-- Every card number in any text, varchar, array or JSON column of any relation of the given
-- schemas (the target's check that nothing escaped the masking). Returns where, never the number.
create or replace function migration.find_card_numbers(schemas text [])
returns table (relation text, column_name text, rows_with_card_numbers bigint)
language plpgsql
set search_path = pg_catalog, pg_temp
as $fn$
declare
    col record;
    hits bigint;
begin
    for col in
        select c.table_schema, c.table_name, c.column_name
        from information_schema.columns as c
        inner join information_schema.tables as t
            on t.table_schema = c.table_schema and t.table_name = c.table_name
        where t.table_type in ('BASE TABLE', 'VIEW')
          and c.table_schema = any(schemas)
          and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
    loop
        execute format(
            'select count(*) from %I.%I as t where t.%I::text ~ %L and migration.card_numbers(t.%I::text) is not null',
            col.table_schema, col.table_name, col.column_name, '[0-9](?:[ -]?[0-9]){12}', col.column_name
        ) into hits;
        if hits > 0 then
            relation := col.table_schema || '.' || col.table_name;
            column_name := col.column_name;
            rows_with_card_numbers := hits;
            return next;
        end if;
    end loop;
end
$fn$;

-- Used by the no_card_numbers test: instead of dbt's "Got N results", the failure names where
-- the card number is (relation, column, legacy id), never the number.
create or replace function migration.card_number_found(relation text, column_name text, legacy_id bigint)
returns boolean
language plpgsql
set search_path = pg_catalog, pg_temp
as $fn$
begin
    raise exception 'card number found in %.% (legacy id %); nothing may reach the target unmasked',
        relation, column_name, legacy_id;
end
$fn$;

{{ migration_sync_functions_sql() }}
{% endmacro %}
