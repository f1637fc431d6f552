{#- The sync's first step, the snapshot (docs/sync.md). `dbt build` and `dbt run` take it in
    on-run-start (legacy_run_start) before any node runs; `dbt run-operation legacy_sync` takes it
    alone (python -m runner build does, then builds what the changes reach).

    One run, holding the target's lease; then, in ONE target transaction: attach the legacy
    database and check its live schema against the contract (a refusal changes nothing), bring
    every snapshot table level with the legacy table (docs/sync.md, "The snapshot"), count the
    tables that are only counted, and record per table the legacy server's own figures (rows, and
    the sum and hash of the ids) read in that same transaction: the parity tests compare the
    snapshot and the ledger with them.

    Arguments: command (what migration.runs records), full_compare (compare every row by content
    hash; var full_compare), full_refresh (recompute every row; dbt's --full-refresh), restore_drift
    (write the migration's values back over the target's drift; var on_target_drift: restore),
    finish_if_unchanged (a run-operation: finish the run when nothing changed since the last
    verified build, so no dbt build is needed). -#}
{% macro legacy_sync(command='dbt run-operation legacy_sync', full_compare=false, full_refresh=false, restore_drift=false,
    finish_if_unchanged=true) %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- do migration_bookkeeping() -%}
    {%- set tables = legacy_tables() -%}
    {%- set every = var('full_compare_every_days', none) -%}
    {%- if every is not none and not full_compare -%}
        {#- the full proof on the schedule of var full_compare_every_days -#}
        {%- set full_compare = sync_scalar("select coalesce(max(started_at), '-infinity') < now() - interval '" ~ every | float
            ~ " days' from migration.runs where is_sync and full_compare and status = 'ok'") -%}
    {%- endif -%}
    {%- set run = start_run(command, true, full_compare=full_compare, full_recompute=full_refresh, restore_drift=restore_drift) -%}
    {%- set seq = run.run_seq -%}
    {%- do log("legacy_migration: run " ~ seq ~ ": snapshot of the legacy database", info=true) -%}
    {%- do run_query("begin; set local migration.syncing = 'on'") -%}
    {%- do attach_legacy(tables) -%}
    {%- set attached = attached_columns() -%}
    {%- set state = snapshot_state(tables) -%}
    {%- set previous_as_of = sync_scalar("select max(started_at)::text from migration.runs where status = 'ok' and is_sync"
        ~ " and snapshot_taken and run_seq < " ~ seq) -%}
    {%- do sync_exec("create temp table _sync_figures (source_table text primary key, legacy_rows bigint,"
        ~ " legacy_id_sum numeric, legacy_id_hash numeric, max_modified text) on commit drop") -%}
    {%- set found = [] -%}
    {%- for table in tables if table.snapshot -%}
        {%- set result = snapshot_table(table, attached[table.name], seq, state[table.name], full_compare, run.as_of,
            previous_as_of) -%}
        {%- do found.append(result) -%}
        {%- if result.changed -%}
            {%- do log("legacy_migration: snapshot " ~ table.name ~ (": copied whole, " ~ result.inserted ~ " rows"
                if result.full_copy else ": +" ~ result.inserted ~ " ~" ~ result.updated ~ " -" ~ result.deleted), info=true) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set counted = tables | rejectattr('snapshot') | list -%}
    {%- do snapshot_count_only(counted) -%}
    {%- for table in counted -%}{%- do found.append({'name': table.name, 'snapshot': false}) -%}{%- endfor -%}
    {%- do snapshot_json_quarantine(tables) -%}
    {%- do snapshot_record(seq, found) -%}
    {%- do sync_exec("update migration.runs set snapshot_taken = true, heartbeat_at = clock_timestamp(),"
        ~ " legacy_database = migration.legacy_database(), project_fingerprint = '" ~ project_fingerprint() ~ "',"
        ~ " legacy_fingerprint = (select left(md5(string_agg(concat_ws(':', source_table, legacy_rows, legacy_id_sum,"
        ~ " legacy_id_hash, inserted + updated + deleted), ',' order by source_table)), 16) from migration.run_tables"
        ~ " where run_seq = " ~ seq ~ ")" ~ synthetic_params_sql() ~ " where run_seq = " ~ seq) -%}
    {%- do run_query("commit") -%}
    {%- set changed = found | selectattr('changed') | map(attribute='name') | list -%}
    {%- do log("legacy_migration: run " ~ seq ~ ": snapshot taken, " ~ (changed | length) ~ " table(s) changed", info=true) -%}
    {%- if finish_if_unchanged -%}
        {%- do plan_build(seq, full_compare or full_refresh or restore_drift) -%}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}

{#- The generator's scale and seed when the legacy database is synthetic (its schema synthetic),
    for the report; nothing when it is not, or the legacy role may not read it. -#}
{% macro synthetic_params_sql() %}
    {%- set present = sync_scalar("select exists (select from legacy_catalog.pg_class as c join legacy_catalog.pg_namespace as n"
        ~ " on n.oid = c.relnamespace where n.nspname = 'synthetic' and c.relname = 'params')") -%}
    {%- if not present -%}{{ return('') }}{%- endif -%}
    {%- do sync_exec("create foreign table legacy_catalog.synthetic_params (scale numeric, seed bigint) server legacy_server"
        ~ " options (schema_name 'synthetic', table_name 'params')") -%}
    {%- set readable = sync_exec("create temp table _sync_synthetic on commit drop as select scale, seed"
        ~ " from legacy_catalog.synthetic_params limit 1", tolerate=['42501']) -%}
    {{ return('' if readable.sqlstate else ", synthetic_scale = (select scale from _sync_synthetic),"
        ~ " synthetic_seed = (select seed from _sync_synthetic)") }}
{% endmacro %}

{#- After a run-operation's snapshot: what the build has to do. Nothing, when no legacy table
    changed, no change is still pending, the project is the one of the last build and that build
    passed (the run is finished as a no-change run); else the selection of what the pending
    changes reach, or every node when the project changed or the last build did not pass. -#}
{% macro plan_build(seq, everything) %}
    {%- set previous = run_query("select status, project_fingerprint from migration.runs where is_sync and snapshot_taken"
        ~ " and not refused and run_seq < " ~ seq ~ " order by run_seq desc limit 1").rows -%}
    {%- set current = sync_scalar("select project_fingerprint from migration.runs where run_seq = " ~ seq) -%}
    {%- set verified = previous and previous[0][0] == 'ok' and previous[0][1] == current -%}
    {%- set pending = run_query("select distinct source_table from migration.legacy_changes order by 1").columns[0].values() -%}
    {#- relations another writer changed since the last run: their proofs must run -#}
    {%- set written = run_query("select distinct relation from migration.target_writes where seen_by_run = " ~ seq
        ~ " order by 1").columns[0].values() -%}
    {%- if verified and not everything and not pending and not written -%}
        {%- do run_query("begin; update migration.runs set status = 'ok', no_change = true, models_ok = true,"
            ~ " finished_at = clock_timestamp(), heartbeat_at = clock_timestamp() where run_seq = " ~ seq
            ~ "; update migration.run_tables as t set migrated = p.migrated, rejected = p.rejected, excluded = p.excluded,"
            ~ " deleted_in_legacy = p.deleted_in_legacy from migration.run_tables as p where t.run_seq = " ~ seq
            ~ " and p.source_table = t.source_table and p.run_seq = (select max(run_seq) from migration.run_tables"
            ~ " where run_seq < " ~ seq ~ "); commit") -%}
        {%- do log("legacy_migration: run " ~ seq ~ ": no legacy change since the last build: nothing to build", info=true) -%}
    {%- elif verified and not everything -%}
        {%- set selection = [] -%}
        {%- for name in pending -%}{%- do selection.append('source:legacy.' ~ name ~ '+') -%}{%- endfor -%}
        {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.package_name == project_name
            and (node.schema ~ '.' ~ node.alias) in written -%}
            {%- do selection.append(node.name ~ '+') -%}
        {%- endfor -%}
        {%- do run_query("update migration.runs set selection = " ~ _sql_text(selection | join(' ')) ~ " where run_seq = " ~ seq) -%}
    {%- endif -%}
{% endmacro %}

{#- `dbt run-operation legacy_attach` (python -m runner attach): attach the legacy database and
    check its schema, under the sync's lease, without a snapshot. -#}
{% macro legacy_attach() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- do migration_bookkeeping() -%}
    {%- set tables = legacy_tables() -%}
    {%- set run = start_run('attach', true) -%}
    {%- do run_query("begin") -%}
    {%- do attach_legacy(tables) -%}
    {%- do sync_exec("update migration.runs set status = 'ok', finished_at = clock_timestamp(), heartbeat_at = clock_timestamp(),"
        ~ " legacy_database = migration.legacy_database() where run_seq = " ~ run.run_seq) -%}
    {%- do run_query("commit") -%}
    {%- do log("legacy_migration: attached " ~ tables | length ~ " legacy tables as foreign tables of schema legacy", info=true) -%}
    {{ return('') }}
{% endmacro %}

{#- `dbt run-operation legacy_coverage` (python -m runner coverage): the live legacy tables with
    their row counts, and what their schema does not share with the contract, logged as one JSON
    line; nothing in the target changes (the attach is rolled back). -#}
{% macro legacy_coverage() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- do migration_bookkeeping() -%}
    {%- set tables = legacy_tables() -%}
    {%- do run_query("begin") -%}
    {%- do attach_server() -%}
    {%- set problems = run_query(legacy_schema_problems_sql(tables)).rows -%}
    {%- set live = run_query("select distinct table_name from " ~ live_legacy_columns_sql() ~ " order by 1").columns[0].values() -%}
    {%- set counts = [] -%}
    {%- for name in live -%}
        {%- do sync_exec("create foreign table legacy." ~ adapter.quote(name) ~ " () server legacy_server options"
            ~ " (schema_name 'public', table_name '" ~ name ~ "')") -%}
        {%- do counts.append("select '" ~ name ~ "' as table_name, count(*) as n from legacy." ~ adapter.quote(name)) -%}
    {%- endfor -%}
    {%- set rows = {} -%}
    {%- if counts -%}
        {%- for row in run_query(counts | join(' union all ')).rows -%}{%- do rows.update({row[0]: row[1] | int}) -%}{%- endfor -%}
    {%- endif -%}
    {%- do run_query("rollback") -%}
    {%- set found = [] -%}
    {%- for row in problems -%}{%- do found.append(row.values() | list) -%}{%- endfor -%}
    {%- do log("legacy_migration coverage: " ~ tojson({'rows': rows, 'problems': found,
        'declared': tables | map(attribute='name') | list}), info=true) -%}
    {{ return('') }}
{% endmacro %}
