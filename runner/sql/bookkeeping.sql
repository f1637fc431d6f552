-- Schemas and bookkeeping tables of the migration, created by every sync before anything else
-- (idempotent). Only the migration's own role reads them: PUBLIC has no access to the snapshot
-- (it holds the legacy rows, PII included) or to the bookkeeping.

create schema if not exists migration;
create schema if not exists legacy_snapshot;
create schema if not exists extensions;
revoke all on schema migration, legacy_snapshot from public;

-- One row per run of the runner or of dbt. run_id is dbt's invocation id (or the runner's own id
-- when a sync needed no dbt run); run_seq orders the runs and marks what each run changed.
create table if not exists migration.runs (
    run_seq bigint generated always as identity primary key,
    run_id text not null unique,
    command text not null,
    started_at timestamptz not null default clock_timestamp(),
    finished_at timestamptz,
    status text not null default 'running' check (status in ('running', 'ok', 'failed')),
    -- the sync found nothing to do: no legacy change, no project change, the last build passed
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
    -- set by the runner before it starts dbt; dbt's on-run-start takes the run over
    awaiting_dbt boolean not null default false,
    error text
);

-- Per run and legacy table: what the sync read and found changed, and the ledger afterwards.
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

-- Every dbt node result of every run (the report of a run reads these, never target/).
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

-- Per snapshot table: the state of the incremental copy.
create table if not exists migration.sync_tables (
    source_table text primary key,
    snapshot boolean not null,
    columns_fingerprint text,
    watermark text,
    legacy_rows bigint,
    content_fingerprint text,
    last_run_seq bigint
);
alter table migration.sync_tables add column if not exists content_fingerprint text;

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
