{#- A review run (`python -m runner review`, docs/review.md): `dbt build --vars
    '{review_frozen_snapshot: true}'` builds on the snapshot the target already holds instead of
    reading the legacy database, so that a branch is built on exactly the legacy rows its base
    was. Only for the review's scratch database: a database whose name does not end in
    `_review_head` refuses it (a real target must never stop syncing unnoticed). The run is
    recorded as a sync whose snapshot is the reused run's (migration.runs.review_of, the command
    says so, the legacy figures are that run's) and it classifies as of that run's start. -#}
{% macro review_run(command) %}
    {%- if not target.dbname.endswith('_review_head') -%}
        {{ migration_error("var review_frozen_snapshot reuses the last snapshot without reading the legacy database and is"
            ~ " only for the scratch database of `python -m runner review` (a name ending in _review_head), not "
            ~ target.dbname ~ "; drop the var to sync.") }}
    {%- endif -%}
    {%- set reused = sync_scalar("select max(run_seq) from migration.runs where is_sync and snapshot_taken") -%}
    {%- if reused is none -%}
        {{ migration_error("var review_frozen_snapshot found no snapshot in " ~ target.dbname ~ " to reuse; build the base"
            ~ " there first (python -m runner review does).") }}
    {%- endif -%}
    {%- set run = start_run(command ~ " (review: the snapshot of run " ~ reused ~ ", no legacy read)", true,
        full_recompute=flags.FULL_REFRESH or var('full_recompute', false)) -%}
    {%- do run_query("begin; update migration.runs as r set snapshot_taken = true, review_of = s.run_seq,"
        ~ " legacy_database = s.legacy_database, legacy_fingerprint = s.legacy_fingerprint,"
        ~ " synthetic_scale = s.synthetic_scale, synthetic_seed = s.synthetic_seed,"
        ~ " project_fingerprint = '" ~ project_fingerprint() ~ "', heartbeat_at = clock_timestamp()"
        ~ " from migration.runs as s where s.run_seq = " ~ reused ~ " and r.run_seq = " ~ run.run_seq
        ~ "; insert into migration.run_tables (run_seq, source_table, legacy_rows, legacy_id_sum, legacy_id_hash, snapshot_rows)"
        ~ " select " ~ run.run_seq ~ ", source_table, legacy_rows, legacy_id_sum, legacy_id_hash, snapshot_rows"
        ~ " from migration.run_tables where run_seq = " ~ reused ~ "; commit") -%}
    {%- do log("legacy_migration: run " ~ run.run_seq ~ ": review run on the snapshot of run " ~ reused
        ~ " (no legacy read)", info=true) -%}
{% endmacro %}
