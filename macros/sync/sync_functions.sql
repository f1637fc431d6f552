{#- The server-side functions of the sync itself (created with the bookkeeping): running a
    statement so that a database error becomes a value the sync can turn into one sentence,
    reading a libpq connection URL, attaching the legacy server, and the run lease. -#}
{% macro migration_sync_functions_sql() %}
-- Runs statements of the sync in order, all or nothing: a database error does not abort the
-- sync's transaction (the statements are rolled back together, in one subtransaction, like a
-- savepoint) but is returned with the position of the statement that failed, so the sync can say
-- in one sentence what failed and on which hop, or take another way. On success, the row count of
-- each statement.
drop function if exists migration.sync_exec(text);
create or replace function migration.sync_exec(
    statements text [],
    out row_counts bigint [], out failed_at integer,
    out error_state text, out error_message text, out error_detail text, out error_context text
)
language plpgsql
set search_path = pg_catalog, pg_temp
as $fn$
declare
    done bigint;
begin
    row_counts := '{}';
    begin
        for position in 1 .. coalesce(array_length(statements, 1), 0) loop
            failed_at := position;
            execute statements[position];
            get diagnostics done = row_count;
            row_counts := row_counts || done;
        end loop;
        failed_at := null;
    exception when others then
        get stacked diagnostics
            error_state = returned_sqlstate, error_message = message_text, error_detail = pg_exception_detail,
            error_context = pg_exception_context;
        row_counts := null;
    end;
end
$fn$;

-- %XX sequences of a URL part -> the characters they encode (libpq's own rule).
create or replace function migration.percent_decode(raw text) returns text
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $fn$
    select coalesce(pg_catalog.convert_from(pg_catalog.string_agg(
        case
            when m[1] is not null then pg_catalog.decode(m[1], 'hex')
            else pg_catalog.convert_to(m[2], 'UTF8')
        end, ''::bytea order by n), 'UTF8'), '')
    from pg_catalog.regexp_matches(raw, '%([0-9A-Fa-f]{2})|([^%]+|%)', 'g') with ordinality as t (m, n)
$fn$;

-- The parameters of a libpq connection string, as libpq reads it: a URI
-- (postgresql://user@host:port/dbname?key=value&..., a password after the user's colon, every part
-- percent-encoded) or key=value pairs
-- (values may be single-quoted, with backslash escapes).
create or replace function migration.libpq_params(conninfo text) returns table (keyword text, value text)
language plpgsql immutable
set search_path = pg_catalog, pg_temp
as $fn$
declare
    rest text;
    authority text;
    userinfo text;
    hostport text;
    pair text;
begin
    if conninfo !~* '^postgres(ql)?://' then
        return query
        select m[1], case when m[3] is not null then regexp_replace(m[3], '\\(.)', '\1', 'g') else m[4] end
        from regexp_matches(conninfo, '(\w+)\s*=\s*(''((?:[^''\\]|\\.)*)''|([^\s'']+))', 'g') as m;
        return;
    end if;
    rest := regexp_replace(conninfo, '^postgres(ql)?://', '', 'i');
    authority := substring(rest from '^[^/?]*');
    rest := substr(rest, length(authority) + 1);
    if strpos(authority, '@') > 0 then
        userinfo := split_part(authority, '@', 1);
        hostport := substr(authority, length(userinfo) + 2);
        if split_part(userinfo, ':', 1) <> '' then
            keyword := 'user'; value := migration.percent_decode(split_part(userinfo, ':', 1)); return next;
        end if;
        if strpos(userinfo, ':') > 0 then
            keyword := 'password'; value := migration.percent_decode(substr(userinfo, strpos(userinfo, ':') + 1));
            return next;
        end if;
    else
        hostport := authority;
    end if;
    if hostport ~ '^\[' then
        keyword := 'host'; value := substring(hostport from '^\[([^\]]*)\]'); return next;
        hostport := substring(hostport from '^\[[^\]]*\](.*)$');
    elsif split_part(hostport, ':', 1) <> '' then
        keyword := 'host'; value := migration.percent_decode(split_part(hostport, ':', 1)); return next;
        hostport := substr(hostport, length(split_part(hostport, ':', 1)) + 1);
    end if;
    if hostport ~ '^:[0-9]+$' then
        keyword := 'port'; value := substr(hostport, 2); return next;
    end if;
    if rest ~ '^/[^?]' then
        keyword := 'dbname'; value := migration.percent_decode(substring(rest from '^/([^?]*)')); return next;
    end if;
    if strpos(rest, '?') > 0 then
        foreach pair in array string_to_array(substr(rest, strpos(rest, '?') + 1), '&') loop
            continue when pair = '';
            keyword := migration.percent_decode(split_part(pair, '=', 1));
            value := migration.percent_decode(substr(pair, strpos(pair, '=') + 1));
            return next;
        end loop;
    end if;
end
$fn$;

-- (Re)creates the FDW server and this role's user mapping exactly as the legacy URL says:
-- user, password and the client certificate go to the user mapping, every other parameter to the
-- server; fetch_size and use_remote_estimate are the sync's own. The URL arrives as a bound
-- parameter, so neither it nor the password is ever part of a logged statement. Returns NULL, or
-- the one sentence that says why postgres_fdw refused.
create or replace function migration.attach_legacy(conninfo text, fetch_size integer) returns text
language plpgsql
set search_path = pg_catalog, pg_temp
as $fn$
declare
    server_options text;
    mapping_options text;
    refused text;
    failed_state text;
    failed_message text;
begin
    select string_agg(keyword, ', ' order by keyword) into refused
    from migration.libpq_params(conninfo)
    where keyword in ('client_encoding', 'fallback_application_name', 'replication', 'passfile', 'service');
    if refused is not null then
        return format(
            'The legacy URL parameter(s) %s cannot be used by postgres_fdw (it sets them itself or cannot read them); '
            'remove them from LEGACY_DATABASE_URL (--legacy-url).', refused
        );
    end if;
    select
        string_agg(format('%I %L', keyword, value), ', ')
            filter (where keyword not in ('user', 'password', 'sslcert', 'sslkey', 'sslpassword')),
        string_agg(format('%I %L', keyword, value), ', ')
            filter (where keyword in ('user', 'password', 'sslcert', 'sslkey', 'sslpassword'))
    into server_options, mapping_options
    from migration.libpq_params(conninfo);
    server_options := concat_ws(', ', server_options, format('fetch_size %L', fetch_size::text),
        'use_remote_estimate ''false''');
    drop server if exists legacy_server cascade;
    execute format('create server legacy_server foreign data wrapper postgres_fdw options (%s)', server_options);
    execute format('create user mapping for current_user server legacy_server options (%s)',
        coalesce(mapping_options, ''));
    return null;
exception when others then
    get stacked diagnostics failed_state = returned_sqlstate, failed_message = message_text;
    if failed_state = '42501' then
        return format(
            'The target role %s may not create the postgres_fdw server (hop dbt -> target: %s); an administrator '
            'must run `grant usage on foreign data wrapper postgres_fdw to %s;` on the target, then sync again.',
            current_user, failed_message, current_user
        );
    end if;
    return format(
        'postgres_fdw refused the legacy URL''s parameters (%s); remove or correct that parameter in '
        'LEGACY_DATABASE_URL (--legacy-url).', failed_message
    );
end
$fn$;

-- The legacy database as the FDW server reaches it, for messages: never the password.
create or replace function migration.legacy_database() returns text
language sql stable
set search_path = pg_catalog, pg_temp
as $fn$
    select format('postgresql://%s@%s:%s/%s',
        coalesce((select split_part(o, '=', 2) from pg_catalog.pg_user_mappings as m, unnest(m.umoptions) as o
                  where m.srvname = 'legacy_server' and m.usename = current_user and o like 'user=%'), current_user),
        coalesce((select split_part(o, '=', 2) from unnest(s.srvoptions) as o where o like 'host=%'), 'localhost'),
        coalesce((select split_part(o, '=', 2) from unnest(s.srvoptions) as o where o like 'port=%'), '5432'),
        coalesce((select split_part(o, '=', 2) from unnest(s.srvoptions) as o where o like 'dbname=%'), current_user))
    from pg_catalog.pg_foreign_server as s
    where s.srvname = 'legacy_server'
$fn$;

-- A run is alive while a statement of the dbt invocation that holds it runs (dbt prefixes every
-- statement with the query comment of dbt_project.yml, which names the invocation), or while its
-- heartbeat (the run's start, every model it finishes, the end of its snapshot) is recent.
drop function if exists migration.run_is_alive(text, timestamptz);
create or replace function migration.run_is_alive(holder text, heartbeat timestamptz, lease interval) returns boolean
language sql stable
set search_path = pg_catalog, pg_temp
as $fn$
    select heartbeat > pg_catalog.clock_timestamp() - lease
        or exists (
            select from pg_catalog.pg_stat_activity as a
            where a.pid <> pg_catalog.pg_backend_pid() and a.state = 'active'
                and a.query like '%legacy_migration invocation ' || holder || '%'
        )
$fn$;

-- The capture trigger of macros/sync/capture.sql: one row of migration.target_writes per row
-- another writer changed (the key, and the key it had, when an update moved it). Security
-- definer: the application's roles write the marts but may not read the bookkeeping.
create or replace function migration.capture_write() returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $fn$
declare
    key_column text := tg_argv[0];
    uuid_column text := nullif(tg_argv[1], '');
    relation text := tg_table_schema || '.' || tg_table_name;
    before jsonb;
    after jsonb;
begin
    if tg_op = 'TRUNCATE' then
        insert into migration.target_writes (relation, op) values (relation, 'truncate');
        return null;
    end if;
    if tg_op <> 'INSERT' then before := to_jsonb(old); end if;
    if tg_op <> 'DELETE' then after := to_jsonb(new); end if;
    insert into migration.target_writes (relation, legacy_id, row_id, legacy_table, op, old_values, new_values)
    select relation, (image ->> key_column)::bigint, image ->> uuid_column, image ->> 'legacy_table', lower(tg_op),
        case when tg_table_schema = 'public' then migration.mask_card_numbers(before::text) end,
        case when tg_table_schema = 'public' then migration.mask_card_numbers(after::text) end
    from (
        select coalesce(after, before) as image
        union all
        select before where tg_op = 'UPDATE' and (before ->> key_column) is distinct from (after ->> key_column)
    ) as images;
    return null;
end
$fn$;

-- The family of a legacy column type: a change within a family is one the contract tolerates
-- (a longer or shorter varchar, varchar <-> text, a wider integer, numeric of the same scale);
-- any other change of type refuses the sync.
create or replace function migration.legacy_type_family(data_type text) returns text
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $fn$
    select case
        when data_type = 'text' or data_type like 'character varying%' then 'text'
        when data_type in ('smallint', 'integer', 'bigint') then 'integer'
        when data_type like 'numeric%' then 'numeric' || coalesce(substring(data_type from ',\s*([0-9]+)\)'), '0')
        else data_type
    end
$fn$;
{% endmacro %}
