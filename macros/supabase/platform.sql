{#- The Supabase platform the marts run on (README, "The Supabase target"), set up by on-run-start
    before any model: the API roles and their grants, the auth schema (only what is missing), the
    private schema of the row-level-security helpers, and the migration's own list of the auth
    users it created. Idempotent: every statement is a no-op once its object is in place, and
    nothing that already exists (a real Supabase project's roles or auth schema) is replaced. -#}

{#- The schemas that hold legacy values or the migration's bookkeeping: no API role may use them. -#}
{% macro private_schemas() %}
    {{ return(['migration', 'legacy_snapshot', 'staging', 'intermediate', 'legacy', 'legacy_catalog']) }}
{% endmacro %}

{% macro api_roles() %}
    {{ return(['anon', 'authenticated', 'service_role']) }}
{% endmacro %}

{% macro supabase_platform() %}
    {%- if execute and not project_selected() -%}{{ return('') }}{%- endif -%}
    {{ supabase_roles() }};
    {{ supabase_auth_schema() }};
    {{ supabase_access_helpers() }};
    {{ supabase_grants() }}
{% endmacro %}

{#- anon (no JWT), authenticated (a signed-in user) and service_role (the server key, which bypasses
    row-level security), as Supabase creates them; a role that exists is left as it is. -#}
{% macro supabase_roles() %}
    do $roles$
    begin
        if not exists (select from pg_catalog.pg_roles where rolname = 'anon') then
            create role anon nologin noinherit;
            alter role anon set statement_timeout = '3s';
        end if;
        if not exists (select from pg_catalog.pg_roles where rolname = 'authenticated') then
            create role authenticated nologin noinherit;
            alter role authenticated set statement_timeout = '8s';
        end if;
        if not exists (select from pg_catalog.pg_roles where rolname = 'service_role') then
            create role service_role nologin noinherit bypassrls;
        end if;
    end
    $roles$
{% endmacro %}

{#- The auth schema as Supabase defines it, created only when the target lacks it (or one of its
    objects): auth.users, and auth.uid(), auth.role(), auth.email(), auth.jwt() reading the claims
    PostgREST sets (request.jwt.claims, or the older request.jwt.claim.*). An existing auth schema
    (a Supabase project) is used as it is: nothing here replaces or drops any of its objects.
    migration.auth_users lists the auth users the migration created, the only ones it ever
    updates or deletes (macros/supabase/auth_users.sql). -#}
{% macro supabase_auth_schema() %}
    do $auth$
    begin
        -- an existing auth schema is Supabase's: the migration's role may not even own it, so
        -- nothing is created, altered or commented in it unless it is missing
        if to_regnamespace('auth') is null then
            create schema auth;
        end if;
        if to_regclass('auth.users') is null then
            create table auth.users (
                instance_id uuid,
                id uuid not null primary key,
                aud varchar(255),
                role varchar(255),
                email varchar(255),
                encrypted_password varchar(255),
                email_confirmed_at timestamptz,
                invited_at timestamptz,
                confirmation_token varchar(255),
                confirmation_sent_at timestamptz,
                recovery_token varchar(255),
                recovery_sent_at timestamptz,
                email_change_token_new varchar(255),
                email_change varchar(255),
                email_change_sent_at timestamptz,
                last_sign_in_at timestamptz,
                raw_app_meta_data jsonb,
                raw_user_meta_data jsonb,
                is_super_admin boolean,
                created_at timestamptz,
                updated_at timestamptz,
                phone text unique default null,
                phone_confirmed_at timestamptz,
                confirmed_at timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
                banned_until timestamptz,
                is_sso_user boolean not null default false,
                deleted_at timestamptz,
                is_anonymous boolean not null default false
            );
            create unique index users_email_partial_key on auth.users (email) where (is_sso_user = false);
            create index users_instance_id_idx on auth.users (instance_id);
            comment on table auth.users is 'Auth: Stores user login data within a secure schema.';
        end if;
        if to_regprocedure('auth.uid()') is null then
            create function auth.uid() returns uuid
            language sql stable
            set search_path = pg_catalog, pg_temp
            as $fn$
                select coalesce(
                    nullif(current_setting('request.jwt.claim.sub', true), ''),
                    nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'
                )::uuid
            $fn$;
            comment on function auth.uid() is 'The signed-in user''s id (the sub claim of the request''s JWT).';
        end if;
        if to_regprocedure('auth.role()') is null then
            create function auth.role() returns text
            language sql stable
            set search_path = pg_catalog, pg_temp
            as $fn$
                select coalesce(
                    nullif(current_setting('request.jwt.claim.role', true), ''),
                    nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'
                )::text
            $fn$;
            comment on function auth.role() is 'The role claim of the request''s JWT.';
        end if;
        if to_regprocedure('auth.email()') is null then
            create function auth.email() returns text
            language sql stable
            set search_path = pg_catalog, pg_temp
            as $fn$
                select coalesce(
                    nullif(current_setting('request.jwt.claim.email', true), ''),
                    nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email'
                )::text
            $fn$;
            comment on function auth.email() is 'The email claim of the request''s JWT.';
        end if;
        if to_regprocedure('auth.jwt()') is null then
            create function auth.jwt() returns jsonb
            language sql stable
            set search_path = pg_catalog, pg_temp
            as $fn$
                select coalesce(
                    nullif(current_setting('request.jwt.claim', true), ''),
                    nullif(current_setting('request.jwt.claims', true), '')
                )::jsonb
            $fn$;
            comment on function auth.jwt() is 'The claims of the request''s JWT.';
        end if;
    end
    $auth$;

    create table if not exists migration.auth_users (
        id uuid primary key,
        legacy_user_id bigint not null,
        created_at timestamptz not null default now()
    );
    comment on table migration.auth_users is
        'The auth.users rows the migration created (one per migrated profile): the only auth users it updates or deletes.';

    do $auth_usage$
    declare
        api_role name;
    begin
        foreach api_role in array array['{{ api_roles() | join("', '") }}'] loop
            if not has_schema_privilege(api_role, 'auth', 'usage') then
                execute format('grant usage on schema auth to %I', api_role);
            end if;
        end loop;
    end
    $auth_usage$
{% endmacro %}

{#- Supabase's usual grants: the API roles use schemas public and extensions and hold every
    privilege on public's tables, functions and sequences, now and (default privileges) for the
    objects created later; row-level security decides which rows they reach. The migration's
    private schemas stay closed to them. -#}
{% macro supabase_grants() %}
    {%- set roles = api_roles() | join(', ') -%}
    grant usage on schema public, extensions to {{ roles }};
    grant all on all tables in schema public to {{ roles }};
    grant all on all sequences in schema public to {{ roles }};
    grant all on all functions in schema public to {{ roles }};
    alter default privileges in schema public grant all on tables to {{ roles }};
    alter default privileges in schema public grant all on sequences to {{ roles }};
    alter default privileges in schema public grant all on functions to {{ roles }};
    grant usage on schema private to authenticated;
    do $closed$
    declare
        closed name;
    begin
        foreach closed in array array['{{ private_schemas() | join("', '") }}'] loop
            if to_regnamespace(closed) is not null then
                execute format('revoke all on schema %I from {{ roles }}', closed);
            end if;
        end loop;
    end
    $closed$
{% endmacro %}

{#- on-run-end: every mart that exists has row-level security and the policies it declares (a
    policy that reads a mart built later in the same run, such as the addresses seen through the
    offices, patients and shipments that point at them, is created here on a first build). A hook
    of this run that failed (supabase_platform, say, whose roles, grants and helpers the policies
    rely on) fails the run here: record_run counts failed models and tests, not failed hooks. -#}
{% macro supabase_finish(results) %}
    {%- if not execute or not project_selected() -%}{{ return('') }}{%- endif -%}
    {%- set failed = [] -%}
    {%- for result in results if result.node.resource_type == 'operation' and (result.status | string) == 'error' -%}
        {%- do failed.append(result.node.name ~ ': ' ~ (result.message or '') | string) -%}
    {%- endfor -%}
    {%- if failed %}
    do $failed$
    begin
        raise exception '%', 'a hook of this run failed, so the Supabase platform may not be in place: {{ failed | join("; ") | replace("'", "''") | replace("$", "") }}';
    end
    $failed$
    {%- else -%}
        {%- set statements = [] -%}
        {%- for node in graph.nodes.values() | sort(attribute='name')
            if node.resource_type == 'model' and node.schema == 'public' and node.package_name == project_name -%}
            {%- do statements.append(apply_policies(node)) -%}
        {%- endfor -%}
        {{ statements | join(';\n') }}
    {%- endif -%}
{% endmacro %}
