{#- Run control in dbt's own hooks, so that a plain `dbt build` is recorded like a runner build. -#}

{#- on-run-start: this invocation is a run of migration.runs. The runner registers its run before
    the sync and marks it as waiting for dbt (under the sync lock, so it is the only one); dbt run
    alone registers a new one. -#}
{% macro register_run() %}
    do $check$
    begin
        if to_regclass('migration.runs') is null then
            raise exception 'The target has no legacy snapshot yet: run `python -m runner build`, which syncs the legacy database and then runs dbt.';
        end if;
    end
    $check$;
    with waiting as (
        update migration.runs
        set run_id = '{{ invocation_id }}', dbt_version = '{{ dbt_version }}', awaiting_dbt = false
        where awaiting_dbt
        returning run_seq
    )
    insert into migration.runs (run_id, command, dbt_version)
    select '{{ invocation_id }}', 'dbt {{ flags.WHICH }}', '{{ dbt_version }}'
    where not exists (select from waiting);
{% endmacro %}

{#- on-run-end: every node's result, the run's verdict, and the report views. A model that errored
    or was skipped, a test that failed, errored or was skipped: the run failed. -#}
{% macro record_run(results) %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set seq = run_seq() -%}
    {%- set rows = [] -%}
    {%- set counts = {'models_errored': 0, 'models_skipped': 0, 'tests_passed': 0, 'tests_failed': 0, 'tests_skipped': 0} -%}
    {%- for result in results -%}
        {%- set kind = result.node.resource_type -%}
        {%- set status = result.status | string -%}
        {%- if kind in ('test', 'unit_test') -%}
            {%- if status == 'pass' -%}{%- do counts.update({'tests_passed': counts.tests_passed + 1}) -%}
            {%- elif status == 'skipped' -%}{%- do counts.update({'tests_skipped': counts.tests_skipped + 1}) -%}
            {%- elif status != 'warn' -%}{%- do counts.update({'tests_failed': counts.tests_failed + 1}) -%}
            {%- endif -%}
        {%- elif kind in ('model', 'seed', 'snapshot') -%}
            {%- if status == 'skipped' -%}{%- do counts.update({'models_skipped': counts.models_skipped + 1}) -%}
            {%- elif status not in ('success', 'no-op') -%}{%- do counts.update({'models_errored': counts.models_errored + 1}) -%}
            {%- endif -%}
        {%- endif -%}
        {%- set message = (result.message or '') | string | replace("'", "''") -%}
        {%- set checksum = result.node.checksum.checksum if result.node.checksum is defined and result.node.checksum else '' -%}
        {%- do rows.append(
            "(" ~ seq ~ ", '" ~ result.node.unique_id ~ "', '" ~ kind ~ "', '" ~ status ~ "', "
            ~ (result.execution_time or 0) ~ ", " ~ (result.failures if result.failures is not none else 'null')
            ~ ", '" ~ message[:2000] ~ "', '" ~ checksum ~ "')"
        ) -%}
    {%- endfor -%}
    {%- set failed = counts.models_errored or counts.models_skipped or counts.tests_failed or counts.tests_skipped -%}
    {%- if rows %}
    insert into migration.run_results
        (run_seq, unique_id, resource_type, status, execution_time, failures, message, checksum)
    values {{ rows | join(', ') }}
    on conflict (run_seq, unique_id) do update set
        status = excluded.status, execution_time = excluded.execution_time,
        failures = excluded.failures, message = excluded.message, checksum = excluded.checksum;
    {%- endif %}
    update migration.runs set
        finished_at = clock_timestamp(),
        status = '{{ "failed" if failed else "ok" }}',
        models_ok = {{ not (counts.models_errored or counts.models_skipped) }},
        models_errored = {{ counts.models_errored }},
        models_skipped = {{ counts.models_skipped }},
        tests_passed = {{ counts.tests_passed }},
        tests_failed = {{ counts.tests_failed }},
        tests_skipped = {{ counts.tests_skipped }}
    where run_seq = {{ seq }};
    {{ create_report_views() }}
{% endmacro %}
