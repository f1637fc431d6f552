{#- Attaching the legacy database through postgres_fdw (docs/sync.md, "Attach and schema guard").

    The legacy URL is LEGACY_DATABASE_URL (a libpq URL or key=value string), else the embedded
    cluster's legacy database. It goes to migration.attach_legacy() as a bound parameter: the
    server options and user mapping are made on the server side, so the URL and its password are
    never part of a statement dbt logs. The legacy catalog is read through foreign tables of its
    pg_catalog (schema legacy_catalog), and compared with the declarations of the sources YAML
    before anything is imported: a table, column or type the contract does not know refuses the
    sync. Then schema legacy holds one foreign table per legacy table as the legacy database names
    it: every column but the secret ones, and no column at all for a secret table (counted only).
    Both schemas are readable by the migration's own role only. -#}

{% macro legacy_fetch_size() %}{{ return(50000) }}{% endmacro %}

{#- LEGACY_DATABASE_URL, else the embedded default. Read only while executing, never while dbt
    parses, so the value is not recorded in dbt's partial-parse state. -#}
{% macro legacy_url() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set given = env_var('LEGACY_DATABASE_URL', '') -%}
    {%- if given -%}{{ return(given) }}{%- endif -%}
    {{ return('postgresql://migrator@127.0.0.1:' ~ env_var('MIGRATION_PG_PORT', '55432') ~ '/'
        ~ env_var('MIGRATION_LEGACY_DBNAME', 'legacy')) }}
{% endmacro %}

{#- The FDW server and user mapping from the URL, and the foreign tables of the legacy catalog. -#}
{% macro attach_server() %}
    {%- do sync_exec("create extension if not exists postgres_fdw schema extensions") if not sync_scalar(
        "select exists (select from pg_extension where extname = 'postgres_fdw')") -%}
    {%- set _, cursor = adapter.add_query("select migration.attach_legacy(%s, %s)",
        bindings=[legacy_url(), legacy_fetch_size()], auto_begin=false) -%}
    {%- set refused = cursor.fetchone()[0] -%}
    {%- if refused -%}{%- do sync_fail(refused) -%}{%- endif -%}
    {%- for schema in ['legacy', 'legacy_catalog'] -%}
        {%- do sync_exec("drop schema if exists " ~ schema ~ " cascade") -%}
        {%- do sync_exec("create schema " ~ schema) -%}
        {%- do sync_exec("revoke all on schema " ~ schema ~ " from public") -%}
    {%- endfor -%}
    {%- set catalog = {
        'pg_namespace': 'oid oid, nspname name',
        'pg_class': 'oid oid, relname name, relnamespace oid, relkind "char"',
        'pg_attribute': 'attrelid oid, attname name, atttypid oid, atttypmod integer, attnum smallint, attisdropped boolean',
        'pg_type': 'oid oid, typname name',
    } -%}
    {%- for name, columns in catalog.items() -%}
        {%- do sync_exec("create foreign table legacy_catalog." ~ name ~ " (" ~ columns ~ ") server legacy_server"
            ~ " options (schema_name 'pg_catalog', table_name '" ~ name ~ "')") -%}
    {%- endfor -%}
    {#- the first read through the server: an unreachable legacy database or a refused login stops here -#}
    {%- do sync_exec("select count(*) from legacy_catalog.pg_namespace") -%}
{% endmacro %}

{#- The live legacy columns (public schema, base tables), as a SQL relation. A built-in type's
    name is format_type's (the same OIDs on every server); another type's is its remote name. -#}
{% macro live_legacy_columns_sql() -%}
    (
        select c.relname::text as table_name, a.attname::text as column_name, a.attnum::integer as position,
            case when a.atttypid < 16384 then format_type(a.atttypid, a.atttypmod) else t.typname::text end as data_type
        from legacy_catalog.pg_class as c
        inner join legacy_catalog.pg_namespace as n on c.relnamespace = n.oid
        inner join legacy_catalog.pg_attribute as a on c.oid = a.attrelid
        left join legacy_catalog.pg_type as t on a.atttypid = t.oid
        where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
    ) as live
{%- endmacro %}

{#- What the live legacy schema does not share with the declarations: one row per problem, kind
    unlisted_table (live, not declared), vanished_table (declared, not live), unexpected_column,
    missing_column, changed_type (a change outside the type's family). -#}
{% macro legacy_schema_problems_sql(tables) -%}
    with
    live as (select * from {{ live_legacy_columns_sql() }}),
    declared as (select * from {{ legacy_declared_columns_sql(tables) }}),
    live_tables as (select distinct table_name from live),
    declared_tables as (select distinct table_name from declared),
    problems as (
        select 'unlisted_table' as kind, l.table_name, null::text as column_name, null::text as declared_type,
            null::text as live_type
        from live_tables as l where not exists (select from declared_tables as d where d.table_name = l.table_name)
        union all
        select 'vanished_table', d.table_name, null, null, null
        from declared_tables as d where not exists (select from live_tables as l where l.table_name = d.table_name)
        union all
        select
            case when d.column_name is null then 'unexpected_column' else 'missing_column' end,
            coalesce(l.table_name, d.table_name), coalesce(l.column_name, d.column_name), d.data_type, l.data_type
        from live as l
        full join declared as d on l.table_name = d.table_name and l.column_name = d.column_name
        where (l.column_name is null or d.column_name is null)
            and coalesce(l.table_name, d.table_name) in (select table_name from live_tables)
            and coalesce(l.table_name, d.table_name) in (select table_name from declared_tables)
        union all
        select 'changed_type', l.table_name, l.column_name, d.data_type, l.data_type
        from live as l
        inner join declared as d on l.table_name = d.table_name and l.column_name = d.column_name
        where migration.legacy_type_family(l.data_type) <> migration.legacy_type_family(d.data_type)
    )
    select * from problems order by kind, table_name, column_name
{%- endmacro %}

{#- The guard: one sentence for everything the live schema does not share with the contract. -#}
{% macro legacy_schema_guard(tables) %}
    {%- set found = run_query(legacy_schema_problems_sql(tables)) -%}
    {%- set by_kind = {} -%}
    {%- for row in found.rows -%}
        {%- do by_kind.setdefault(row[0], []).append(row) -%}
    {%- endfor -%}
    {%- set contract = 'models/staging/legacy/_legacy__sources.yml' -%}
    {%- if by_kind.get('unlisted_table') -%}
        {%- do sync_fail("The legacy database has table(s) " ~ by_kind.unlisted_table | map(attribute=1) | join(', ')
            ~ " that the sources YAML (" ~ contract ~ ") and the coverage manifest seeds/legacy_coverage.csv do not list;"
            ~ " declare each table with its columns and give it a row with its disposition (migrated, merged or excluded),"
            ~ " target(s) and reason, then sync again.") -%}
    {%- elif by_kind.get('vanished_table') -%}
        {%- do sync_fail("The sources YAML (" ~ contract ~ ") and seeds/legacy_coverage.csv list table(s) "
            ~ by_kind.vanished_table | map(attribute=1) | join(', ') ~ " that the legacy database does not have; check that"
            ~ " LEGACY_DATABASE_URL (--legacy-url) points at the right database, or remove their declarations, then sync again.") -%}
    {%- endif -%}
    {%- set drift = [] -%}
    {%- for row in by_kind.get('unexpected_column', []) | groupby(1) -%}
        {%- do drift.append(row.grouper ~ " has unexpected column(s) " ~ row.list | map(attribute=2) | join(', ')) -%}
    {%- endfor -%}
    {%- for row in by_kind.get('missing_column', []) | groupby(1) -%}
        {%- do drift.append(row.grouper ~ " lacks column(s) " ~ row.list | map(attribute=2) | join(', ')) -%}
    {%- endfor -%}
    {%- for row in by_kind.get('changed_type', []) -%}
        {%- do drift.append(row[1] ~ "." ~ row[2] ~ " changed type from " ~ row[3] ~ " to " ~ row[4]) -%}
    {%- endfor -%}
    {%- if drift -%}
        {%- do sync_fail("The legacy schema differs from the contract (" ~ contract ~ "): " ~ drift | join('; ')
            ~ "; nothing in the target was changed: revert the change on the legacy server, or declare it in the contract"
            ~ " and adapt the staging models for these columns, then sync again.") -%}
    {%- endif -%}
{% endmacro %}

{#- The foreign tables of schema legacy: every declared table; secret columns dropped, secret
    tables without any column (counted, never read). -#}
{% macro attach_foreign_tables(tables) %}
    {%- set secret = tables | selectattr('secret') | map(attribute='name') | list -%}
    {%- do sync_exec("import foreign schema public" ~ (" except (" ~ secret | join(', ') ~ ")" if secret else "")
        ~ " from server legacy_server into legacy") -%}
    {%- for table in tables -%}
        {%- if table.secret -%}
            {%- do sync_exec("create foreign table legacy." ~ adapter.quote(table.name) ~ " () server legacy_server"
                ~ " options (schema_name 'public', table_name '" ~ table.name ~ "')") -%}
        {%- else -%}
            {%- for column in table.columns if column.secret -%}
                {%- do sync_exec("alter foreign table legacy." ~ adapter.quote(table.name) ~ " drop column "
                    ~ adapter.quote(column.name)) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}

{#- The attached columns of every foreign table as the target sees them: {table: [{name, data_type}]}. -#}
{% macro attached_columns() %}
    {%- set found = run_query("select c.relname, a.attname, format_type(a.atttypid, a.atttypmod) from pg_class as c"
        ~ " inner join pg_attribute as a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped"
        ~ " where c.relnamespace = 'legacy'::regnamespace order by c.relname, a.attnum") -%}
    {%- set columns = {} -%}
    {%- for row in found.rows -%}
        {%- do columns.setdefault(row[0], []).append({'name': row[1], 'data_type': row[2]}) -%}
    {%- endfor -%}
    {{ return(columns) }}
{% endmacro %}

{#- The whole attach, in the caller's transaction: server, guard, foreign tables. -#}
{% macro attach_legacy(tables) %}
    {%- do attach_server() -%}
    {%- do legacy_schema_guard(tables) -%}
    {%- do attach_foreign_tables(tables) -%}
{% endmacro %}
