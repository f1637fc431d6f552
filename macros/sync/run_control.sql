{#- Run control (docs/sync.md, "Run control"): the run of each dbt invocation in migration.runs,
    the lease that lets one sync run at a time, the window of changes each model processes, and
    the record of every node's result.

    A run is created once, by the invocation that starts it (a sync: `dbt build`/`dbt run`, or
    `dbt run-operation legacy_sync`; any other command that runs hooks: `dbt test`, `dbt seed`),
    and its run_seq is its identity from then on. Every node finds it by the invocation that holds
    it (current_run); `dbt retry`, and the runner's build after its snapshot (variable
    MIGRATION_SYNC_RUN), continue a run instead of starting one. -#}

{% macro lease_key() %}hashtext('legacy_migration.sync'){% endmacro %}

{#- How long a sync stays alive without a heartbeat and without a running statement: 90 s, or
    MIGRATION_LEASE_SECONDS (read while executing only). -#}
{% macro lease_seconds() %}{{ return(env_var('MIGRATION_LEASE_SECONDS', '90') | int if execute else 90) }}{% endmacro %}

{% macro _sql_text(value) -%}
    {{ "null" if value is none else "'" ~ (value | string | replace("'", "''")) ~ "'" }}
{%- endmacro %}

{#- Take the target's sync lease and start a run; a live sync refuses at once, a dead one (killed:
    nothing of its invocation runs, no heartbeat for 90 s) is marked abandoned. Returns the run. -#}
{% macro start_run(command, is_sync, full_compare=false, full_recompute=false, restore_drift=false) %}
    {%- do run_query("begin") -%}
    {%- do run_query("select pg_advisory_xact_lock(" ~ lease_key() ~ ")") -%}
    {%- do run_query("update migration.runs set status = 'abandoned', abandoned_at = clock_timestamp(), error = coalesce(error,"
        ~ " 'abandoned: its dbt invocation stopped without finishing the run (killed, or the connection was lost); noticed by"
        ~ " the next run') where status = 'running' and not migration.run_is_alive(invocation_id, heartbeat_at, '" ~ lease_seconds() ~ " seconds')") -%}
    {%- if is_sync -%}
        {%- set live = run_query("select run_seq, command, to_char(started_at, 'YYYY-MM-DD HH24:MI:SS TZ') from migration.runs"
            ~ " where status = 'running' and is_sync order by run_seq desc limit 1") -%}
        {%- if live.rows -%}
            {%- do run_query("rollback") -%}
            {{ migration_error("Another sync is already running on this target (run " ~ live.rows[0][0] ~ ", `"
                ~ live.rows[0][1] ~ "`, started " ~ live.rows[0][2] ~ "); wait for it to finish, then run this command again.") }}
        {%- endif -%}
        {%- set cut = run_query("select run_seq, to_char(cut_at, 'YYYY-MM-DD HH24:MI:SS TZ') from migration.cutovers"
            ~ " order by cutover_seq desc limit 1") -%}
        {%- if cut.rows and not var('after_cutover', false) -%}
            {%- do run_query("rollback") -%}
            {{ migration_error("This target was cut over to the application on " ~ cut.rows[0][1] ~ " (run " ~ cut.rows[0][0]
                ~ "), so a sync would write over the application's rows; if the legacy database really must be synced again,"
                ~ " run `python -m runner build --after-cutover` (or dbt with --vars '{after_cutover: true}'), which is dangerous.") }}
        {%- endif -%}
    {%- endif -%}
    {%- set ssl = run_query("select coalesce((select ssl from pg_stat_ssl where pid = pg_backend_pid()), false),"
        ~ " current_setting('application_name')") -%}
    {%- set row = run_query("insert into migration.runs (run_id, invocation_id, command, is_sync, full_compare, full_recompute,"
        ~ " restore_drift, dbt_version, heartbeat_at, target_ssl, target_application_name) values ('" ~ invocation_id ~ "', '"
        ~ invocation_id ~ "', " ~ _sql_text(command) ~ ", " ~ is_sync ~ ", " ~ full_compare ~ ", " ~ full_recompute ~ ", "
        ~ restore_drift ~ ", '" ~ dbt_version
        ~ "', clock_timestamp(), " ~ ssl.rows[0][0] ~ ", " ~ _sql_text(ssl.rows[0][1]) ~ ")"
        ~ " returning run_seq, started_at::text").rows[0] -%}
    {%- if is_sync -%}
        {#- the writes made behind the migration's back until now are this run's to check -#}
        {%- do run_query("update migration.target_writes set seen_by_run = " ~ row[0] ~ " where seen_by_run is null") -%}
    {%- endif -%}
    {%- do run_query("commit") -%}
    {{ return({'run_seq': row[0], 'as_of': row[1]}) }}
{% endmacro %}

{#- Continue a run in this invocation: the runner's build after its snapshot (MIGRATION_SYNC_RUN),
    or `dbt retry` of a sync that failed after its snapshot. -#}
{% macro continue_run(run_seq, reason) %}
    {%- do run_query("begin") -%}
    {%- do run_query("select pg_advisory_xact_lock(" ~ lease_key() ~ ")") -%}
    {%- set found = run_query("select status, snapshot_taken, invocation_id = '" ~ invocation_id ~ "' or status <> 'running' or not"
        ~ " migration.run_is_alive(invocation_id, heartbeat_at, '" ~ lease_seconds() ~ " seconds') or " ~ (reason == 'sync') ~ " from migration.runs where run_seq = "
        ~ run_seq) -%}
    {%- if not found.rows or not found.rows[0][1] or not found.rows[0][2] -%}
        {%- do run_query("rollback") -%}
        {{ migration_error("Run " ~ run_seq ~ " cannot be continued by this invocation (" ~ reason ~ "): it is not a"
            ~ " sync whose snapshot was taken, or another invocation holds it; run `dbt build` to sync again.") }}
    {%- endif -%}
    {%- do run_query("update migration.runs set invocation_id = '" ~ invocation_id ~ "', status = 'running', finished_at = null,"
        ~ " error = null, heartbeat_at = clock_timestamp() where run_seq = " ~ run_seq) -%}
    {%- do run_query("commit") -%}
{% endmacro %}

{#- The latest sync, when it failed after its snapshot (a model or test failed): what `dbt retry` continues. -#}
{% macro retried_run() %}
    {%- set found = run_query("select run_seq from migration.runs where is_sync and snapshot_taken and status = 'failed'"
        ~ " and run_seq = (select max(run_seq) from migration.runs where is_sync and not refused)") -%}
    {{ return(found.rows[0][0] if found.rows else none) }}
{% endmacro %}

{#- This invocation's run: run_seq, full_recompute, full_compare, as_of (the run's start: the
    instant it classifies by). Outside a run (dbt compile, docs, ls) run_seq is 0. Looked up once
    per node. -#}
{% macro current_run() %}
    {%- set defaults = {'run_seq': 0, 'full_recompute': false, 'full_compare': false, 'as_of': 'now', 'restore_drift': false} -%}
    {%- if not execute -%}{{ return(defaults) }}{%- endif -%}
    {%- if model is mapping and model.get('_legacy_migration_run') -%}{{ return(model._legacy_migration_run) }}{%- endif -%}
    {#- a review run classifies as of the snapshot it reuses (macros/sync/review.sql) -#}
    {%- set found = run_query("select r.run_seq, r.full_recompute, r.full_compare, coalesce(s.started_at, r.started_at)::text,"
        ~ " r.restore_drift from migration.runs as r left join migration.runs as s on s.run_seq = r.review_of"
        ~ " where r.invocation_id = '" ~ invocation_id ~ "' order by r.run_seq desc limit 1") -%}
    {%- set run = defaults -%}
    {%- if found.rows -%}
        {%- set row = found.rows[0] -%}
        {%- set run = {'run_seq': row[0], 'full_recompute': row[1], 'full_compare': row[2], 'as_of': row[3],
            'restore_drift': row[4]} -%}
    {%- endif -%}
    {%- if model is mapping -%}{%- do model.update({'_legacy_migration_run': run}) -%}{%- endif -%}
    {{ return(run) }}
{% endmacro %}

{% macro run_seq() %}
    {{ return(current_run().run_seq) }}
{% endmacro %}

{#- The instant the run classifies by (an offer expired before it is not carried over): its start. -#}
{% macro run_as_of() %}
    {{ return(current_run().as_of) }}
{% endmacro %}

{#- The last run in which this node succeeded (a model) or passed (a test) with its current
    definition (macros/sync/definitions.sql); 0 when it never did. Every change after that run is
    still to be processed, or checked, by it. -#}
{% macro since_seq() %}
    {%- if not execute -%}{{ return(0) }}{%- endif -%}
    {%- if model.get('_legacy_migration_since') is not none -%}{{ return(model._legacy_migration_since) }}{%- endif -%}
    {%- set found = run_query("select coalesce(max(results.run_seq), 0) from migration.run_results as results"
        ~ " where results.unique_id = '" ~ model.unique_id ~ "' and results.status in ('success', 'pass')"
        ~ " and results.checksum = '" ~ node_definition(model) ~ "' and results.run_seq < " ~ run_seq()) -%}
    {%- set since = found.columns[0].values()[0] | int -%}
    {%- do model.update({'_legacy_migration_since': since}) -%}
    {{ return(since) }}
{% endmacro %}

{#- True when the model recomputes every row: its first build, a new definition (its code, a
    macro it calls, its configuration), `dbt build --full-refresh` (the run's full_recompute; also
    `--vars '{full_recompute: true}'`). -#}
{% macro is_full_run() %}
    {{ return(not is_incremental() or var('full_recompute', false) or current_run().full_recompute or since_seq() == 0) }}
{% endmacro %}

{#- True when the sync re-copied the whole legacy table since the model last succeeded. -#}
{% macro table_recopied(source_table) %}
    {%- if not execute -%}{{ return(false) }}{%- endif -%}
    {%- set found = run_query("select " ~ legacy_changes_since([source_table], since_seq(), op='*')) -%}
    {{ return(found.columns[0].values()[0]) }}
{% endmacro %}

{#- Post-hook of every model: the run's heartbeat (the lease stays alive between statements). -#}
{% macro run_heartbeat() %}
    {%- if execute and current_run().run_seq -%}
        update migration.runs set heartbeat_at = clock_timestamp() where run_seq = {{ current_run().run_seq }}
    {%- endif -%}
{% endmacro %}

{#- on-run-start: the run of this invocation. A sync (build or run selecting the project's models)
    takes the snapshot first (legacy_sync); the runner's build continues the run its snapshot
    started; `dbt retry` continues the failed run; other commands start a run that does not sync.
    An invocation that selects none of the project's nodes (another package's) records nothing. -#}
{% macro legacy_run_start() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set ours = project_selected() -%}
    {%- if not ours -%}{{ return('') }}{%- endif -%}
    {%- set models = [] -%}
    {%- for unique_id in ours if unique_id.startswith('model.') -%}{%- do models.append(unique_id) -%}{%- endfor -%}
    {%- do migration_bookkeeping() -%}
    {%- set command = 'dbt ' ~ flags.WHICH -%}
    {%- set retry = retrying() -%}
    {%- if (flags.WHICH in ('build', 'run') or retry) and models -%}
        {%- set continued = env_var('MIGRATION_SYNC_RUN', '') -%}
        {%- if var('review_frozen_snapshot', false) -%}
            {%- do review_run(command) -%}
        {%- elif continued -%}
            {%- do continue_run(continued | int, 'sync') -%}
        {%- elif retry and retried_run() is not none -%}
            {%- do continue_run(retried_run(), 'retry') -%}
        {%- else -%}
            {%- do legacy_sync(command=command, full_compare=var('full_compare', false),
                full_refresh=flags.FULL_REFRESH or var('full_recompute', false),
                restore_drift=var('on_target_drift', 'fail') == 'restore', finish_if_unchanged=false) -%}
        {%- endif -%}
    {%- elif flags.WHICH in ('test', 'seed', 'snapshot') -%}
        {#- the commands whose on-run-end records their results; `dbt docs generate` runs
            on-run-start only, and would leave a run that never finishes -#}
        {%- do start_run(command, false, full_compare=var('full_compare', false)) -%}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}

{#- on-run-end: every node's result (with its definition), the run's verdict, the change log
    every model has processed, and the report views. A model that errored or was skipped, a test
    that failed, errored or was skipped: the run failed. A continued run's verdict counts the
    latest result of each of its nodes. -#}
{% macro record_run(results) %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set seq = run_seq() -%}
    {%- if not seq -%}{{ return('') }}{%- endif -%}
    {%- set rows = [] -%}
    {%- for result in results -%}
        {%- set kind = result.node.resource_type -%}
        {%- set message = (result.message or '') | string | replace("'", "''") -%}
        {%- set definition = node_definition(graph.nodes[result.node.unique_id]) if result.node.unique_id in graph.nodes else '' -%}
        {%- do rows.append(
            "(" ~ seq ~ ", '" ~ result.node.unique_id ~ "', '" ~ kind ~ "', '" ~ (result.status | string) ~ "', "
            ~ (result.execution_time or 0) ~ ", " ~ (result.failures if result.failures is not none else 'null')
            ~ ", '" ~ message[:2000] ~ "', '" ~ definition ~ "')"
        ) -%}
    {%- endfor -%}
    {%- if rows -%}
        {%- do run_query("insert into migration.run_results (run_seq, unique_id, resource_type, status, execution_time, failures,"
            ~ " message, checksum) values " ~ rows | join(', ') ~ " on conflict (run_seq, unique_id) do update set"
            ~ " status = excluded.status, execution_time = excluded.execution_time, failures = excluded.failures,"
            ~ " message = excluded.message, checksum = excluded.checksum") -%}
    {%- endif -%}
    {%- set hook_failed = results | selectattr('node.resource_type', 'equalto', 'operation')
        | rejectattr('status', 'in', ['success']) | list -%}
    {%- do run_query("with counts as (select"
        ~ " count(*) filter (where resource_type in ('model', 'seed', 'snapshot') and status not in ('success', 'no-op', 'skipped'))"
        ~ " as models_errored,"
        ~ " count(*) filter (where resource_type in ('model', 'seed', 'snapshot') and status = 'skipped') as models_skipped,"
        ~ " count(*) filter (where resource_type in ('test', 'unit_test') and status = 'pass') as tests_passed,"
        ~ " count(*) filter (where resource_type in ('test', 'unit_test') and status not in ('pass', 'skipped', 'warn'))"
        ~ " as tests_failed,"
        ~ " count(*) filter (where resource_type in ('test', 'unit_test') and status = 'skipped') as tests_skipped,"
        ~ " count(*) filter (where resource_type = 'operation' and status not in ('success')) as hooks_failed"
        ~ " from migration.run_results where run_seq = " ~ seq ~ ")"
        ~ " update migration.runs as r set finished_at = clock_timestamp(),"
        ~ " status = case when c.models_errored + c.models_skipped + c.tests_failed + c.tests_skipped + c.hooks_failed > 0"
        ~ " then 'failed' else 'ok' end,"
        ~ " models_ok = c.models_errored + c.models_skipped = 0, models_errored = c.models_errored,"
        ~ " models_skipped = c.models_skipped, tests_passed = c.tests_passed, tests_failed = c.tests_failed,"
        ~ " tests_skipped = c.tests_skipped, heartbeat_at = clock_timestamp(),"
        ~ " error = coalesce(r.error, " ~ _sql_text((hook_failed | map(attribute='message') | first) if hook_failed else none) ~ ")"
        ~ " from counts as c where r.run_seq = " ~ seq) -%}
    {%- do spent_changes() -%}
    {#- the views first: the first build's ledger is recorded from them too -#}
    {%- do run_query(create_report_views()) -%}
    {%- do record_ledger(seq) -%}
    {{ return('') }}
{% endmacro %}

{#- The change log every change-driven model has processed is spent: a change of a legacy table
    stays until the last model that reads the table (through any chain of parents) has succeeded
    after it. A model that never succeeded with its definition recomputes every row and needs no
    log; a table no such reader reads keeps none. Per table, so that a build of what one table's
    change reaches spends that change although the other models did not run. -#}
{% macro spent_changes() %}
    {%- set values, memo = [], {} -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.package_name == project_name
        and node.config.materialized == 'incremental' -%}
        {%- for table in _legacy_tables_read(node.unique_id, memo) -%}
            {%- do values.append("('" ~ node.unique_id ~ "', '" ~ node_definition(node) ~ "', '" ~ table ~ "')") -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if values -%}
        {%- do run_query("with readers (unique_id, definition, source_table) as (values " ~ values | join(', ') ~ "),"
            ~ " since as (select r.source_table, r.unique_id, max(x.run_seq) as run_seq from readers as r"
            ~ " join migration.run_results as x on x.unique_id = r.unique_id and x.checksum = r.definition"
            ~ " and x.status = 'success' group by r.source_table, r.unique_id),"
            ~ " spent as (select since.source_table, min(since.run_seq) as run_seq from since group by since.source_table)"
            ~ " delete from migration.legacy_changes as c where c.run_seq <= coalesce((select spent.run_seq from spent"
            ~ " where spent.source_table = c.source_table), c.run_seq)") -%}
    {%- endif -%}
{% endmacro %}

{#- The legacy tables a model reads: the snapshot tables among its ancestors (memo: unique id ->
    tables, shared across one call of spent_changes). -#}
{% macro _legacy_tables_read(unique_id, memo) %}
    {%- if unique_id in memo -%}{{ return(memo[unique_id]) }}{%- endif -%}
    {%- set node = graph.nodes.get(unique_id) -%}
    {%- set found = [] -%}
    {%- if node is not none and node.resource_type == 'model' and node.config.materialized == 'legacy_snapshot' -%}
        {%- do found.append(node.alias) -%}
    {%- elif node is not none and node.resource_type == 'model' -%}
        {%- for parent in node.depends_on.nodes -%}
            {%- for table in _legacy_tables_read(parent, memo) if table not in found -%}
                {%- do found.append(table) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    {%- do memo.update({unique_id: found}) -%}
    {{ return(found) }}
{% endmacro %}

{#- migrated / rejected / excluded / deleted per legacy table after the run, from the ledger. -#}
{% macro record_ledger(seq) %}
    {%- if sync_scalar("select to_regclass('migration.reconciliation') is not null") -%}
        {%- do run_query("update migration.run_tables as t set migrated = r.migrated_rows, rejected = r.rejected_rows,"
            ~ " excluded = r.excluded_rows, deleted_in_legacy = r.deleted_rows from migration.reconciliation as r"
            ~ " where t.run_seq = " ~ seq ~ " and t.source_table = r.source_table") -%}
    {%- endif -%}
{% endmacro %}
