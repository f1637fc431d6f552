{#- How the sync fails: in one sentence that names the hop (dbt -> target, or target -> legacy
    through postgres_fdw), the object, what is missing and what to do; after rolling its
    transaction back, so the target is exactly as the previous sync left it, and with the run
    recorded as failed (refused: nothing in the target changed). -#}

{#- Statements of the sync (one, or a list run all or nothing), through migration.sync_exec:
    returns {rows (of the last statement), counts (of each), sqlstate, message, ...}; an error whose
    sqlstate is not tolerated fails the sync with its sentence. -#}
{% macro sync_exec(statements, tolerate=[]) %}
    {%- set statements = [statements] if statements is string else statements -%}
    {%- set quoted = [] -%}
    {%- for statement in statements -%}
        {%- do quoted.append("$sync_statement$" ~ statement ~ "$sync_statement$") -%}
    {%- endfor -%}
    {%- set row = run_query("select array_to_string(e.row_counts, ','), e.failed_at, e.error_state, e.error_message,"
        ~ " e.error_detail, e.error_context from migration.sync_exec(array[" ~ quoted | join(', ') ~ "]::text[]) as e").rows[0] -%}
    {%- set counts = [] -%}
    {%- for count in (row[0] or '').split(',') if count -%}{%- do counts.append(count | int) -%}{%- endfor -%}
    {%- set result = {'counts': counts, 'rows': (counts | last | default(0)) | int, 'sqlstate': row[2], 'message': row[3],
        'detail': row[4], 'context': row[5], 'statement': statements[row[1] - 1] if row[1] else none} -%}
    {%- if result.sqlstate and result.sqlstate not in tolerate -%}
        {%- do sync_fail(sync_error_sentence(result)) -%}
    {%- endif -%}
    {{ return(result) }}
{% endmacro %}

{#- The sentence of a database error met by the sync. -#}
{% macro sync_error_sentence(error) %}
    {%- set state = error.sqlstate or '' -%}
    {#- libpq's reason on one line: every line of the detail, tabs and breaks as spaces -#}
    {%- set lines = [] -%}
    {%- for line in (error.detail or error.message or '').split('\n') if line | trim -%}{%- do lines.append(line | trim) -%}{%- endfor -%}
    {%- set reason = lines | join(' ') -%}
    {%- set remote = 'remote SQL command' in (error.context or '') or state.startswith('08') or state.startswith('28')
        or state.startswith('HV') -%}
    {%- set legacy = sync_scalar("select migration.legacy_database()") or 'the legacy database' -%}
    {%- if state.startswith('08') or state.startswith('HV') or state.startswith('28') -%}
        {{ return("The target server could not reach the legacy database " ~ legacy ~ " through postgres_fdw (hop target -> legacy: "
            ~ reason.rstrip('.') ~ "); the legacy URL must work from the target server itself (its host, credentials and TLS"
            ~ " files): correct LEGACY_DATABASE_URL (--legacy-url).") }}
    {%- elif state == '42501' and remote -%}
        {%- set role = legacy.split('//')[1].split('@')[0] if '//' in legacy else 'the legacy role' -%}
        {{ return("The legacy role " ~ role ~ " may not read what the sync needs (hop target -> legacy: " ~ error.message
            ~ "); on the legacy server run `grant usage on schema public to " ~ role ~ "; grant select on all tables in schema"
            ~ " public to " ~ role ~ ";`, then sync again.") }}
    {%- elif state == '42501' and 'extension' in error.message -%}
        {{ return("The target role " ~ target.user ~ " may not create the postgres_fdw extension (hop dbt -> target: "
            ~ error.message ~ "); an administrator must run `create extension postgres_fdw schema extensions; grant usage on"
            ~ " foreign data wrapper postgres_fdw to " ~ target.user ~ ";` on the target (the sync uses it where it is),"
            ~ " then sync again.") }}
    {%- elif state == '42501' -%}
        {{ return("The target role " ~ target.user ~ " lacks a privilege the sync needs (hop dbt -> target: " ~ error.message
            ~ "); grant it on the target (the role must own the schemas migration, legacy, legacy_catalog and"
            ~ " legacy_snapshot, or create them), then sync again.") }}
    {%- else -%}
        {{ return("The sync stopped (" ~ (("hop target -> legacy: " if remote else "hop dbt -> target: ") ~ state ~ " "
            ~ error.message) | trim ~ "); the target was left as the previous sync left it: run the build again once the"
            ~ " cause is fixed.") }}
    {%- endif -%}
{% endmacro %}

{#- Roll the sync back, record the run as failed (nothing changed: refused) and stop dbt with the
    sentence. -#}
{% macro sync_fail(sentence) %}
    {%- do run_query("rollback") -%}
    {%- do run_query("update migration.runs set status = 'failed', refused = true, finished_at = clock_timestamp(),"
        ~ " error = $sync_error$" ~ sentence ~ "$sync_error$ where invocation_id = '" ~ invocation_id
        ~ "' and status = 'running'") -%}
    {{ migration_error(sentence) }}
{% endmacro %}

{#- Stop dbt with a sentence of the project: also logged with a mark, so that the runner says it
    as it is (one line, exit 2). -#}
{% macro migration_error(sentence) %}
    {%- do log('legacy_migration error: ' ~ sentence, info=true) -%}
    {{ exceptions.raise_compiler_error(sentence) }}
{% endmacro %}
