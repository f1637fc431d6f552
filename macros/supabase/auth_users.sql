{#- auth.users in step with the profiles mart (config meta.auth_users: true): every migrated
    profile has an auth user with the same id, and profiles.id references auth.users (id) on delete
    cascade, as in a Supabase project. The migration only ever updates or deletes the auth users it
    created (migration.auth_users); no password hash is copied (Django's pbkdf2 hashes are not
    Supabase's): migrated users set a new password through "reset password". README, "Auth users". -#}

{% macro profile_feed(node) %}
    {%- set feed = (node.config.meta.legacy | rejectattr('merged') | list)[0] -%}
    {{ return({
        'resolved': model_relation(feed['resolved']),
        'mapping': model_relation(feed['mapping']),
        'key': feed['key'],
    }) }}
{% endmacro %}

{#- Pre-hook: before the merge, so that the foreign key holds. The migration's auth users whose
    profile leaves the mart (its legacy user deleted or now rejected) are deleted, which takes the
    profile with them exactly as the merge's delete would; the profiles about to enter get an auth
    user (the e-mail and the rest follow from the merged profile, in the post-hook). -#}
{% macro auth_users_before_merge() %}
    {%- if not execute or not (model.config.meta or {}).get('auth_users') -%}{{ return('') }}{%- endif -%}
    {%- set feed = profile_feed(model) -%}
    with

    migrated as (
        select mapping.id, resolved.{{ feed.key }}::bigint as legacy_user_id
        from {{ feed.resolved }} as resolved
        inner join {{ feed.mapping }} as mapping on resolved.{{ feed.key }} = mapping.legacy_id
        where resolved.disposition = 'migrated'
    ),

    gone as (
        delete from auth.users as u
        using migration.auth_users as own
        where u.id = own.id and not exists (select from migrated where migrated.id = u.id)
        returning u.id
    ),

    forgotten as (
        delete from migration.auth_users as own
        where own.id in (select gone.id from gone) or not exists (select from auth.users as u where u.id = own.id)
    ),

    created as (
        insert into auth.users (
            instance_id, id, aud, role, email, encrypted_password, confirmation_token, recovery_token,
            email_change_token_new, email_change, raw_app_meta_data, raw_user_meta_data, created_at, updated_at
        )
        select
            '00000000-0000-0000-0000-000000000000'::uuid,
            migrated.id,
            'authenticated',
            'authenticated',
            null,
            '',
            '',
            '',
            '',
            '',
            jsonb_build_object(
                'provider', 'email', 'providers', jsonb_build_array('email'), 'legacy_user_id', migrated.legacy_user_id
            ),
            '{}'::jsonb,
            now(),
            now()
        from migrated
        where not exists (select from auth.users as u where u.id = migrated.id)
        on conflict (id) do nothing
        returning id, (raw_app_meta_data ->> 'legacy_user_id')::bigint as legacy_user_id
    )

    insert into migration.auth_users (id, legacy_user_id)
    select created.id, created.legacy_user_id from created
    on conflict (id) do nothing
{% endmacro %}

{#- Post-hook: the migration's auth users take the merged profile's e-mail, creation time, legacy
    id (app metadata) and state: e-mail confirmed when the legacy user was active, banned
    (banned_until infinity) when it was disabled. E-mails are released before they are set, so two
    profiles may swap addresses in one sync. An auth user the migration did not create that holds
    a profile's e-mail stops the build (someone has to decide). -#}
{% macro auth_users_after_merge() %}
    {%- if not execute or not (model.config.meta or {}).get('auth_users') -%}{{ return('') }}{%- endif -%}
    do $clash$
    declare
        clash bigint;
    begin
        select p.legacy_id into clash
        from {{ this }} as p
        inner join auth.users as u on lower(u.email) = p.email and u.id <> p.id
        where not exists (select from migration.auth_users as own where own.id = u.id)
        limit 1;
        if clash is not null then
            raise exception 'auth.users holds the e-mail of the profile of legacy user % in a user the migration did not create; '
                'delete or rename that auth user (or the legacy user''s e-mail), then sync again', clash;
        end if;
    end
    $clash$;

    with desired as (
        select p.id, p.email
        from {{ this }} as p
        inner join migration.auth_users as own on p.id = own.id
    )

    update auth.users as u
    set email = null
    from desired
    where u.id = desired.id and u.email is distinct from desired.email and u.email is not null;

    update auth.users as u
    set
        email = p.email,
        email_confirmed_at = case when p.is_active then coalesce(p.created_at, own.created_at) end,
        banned_until = case when not p.is_active then 'infinity'::timestamptz end,
        raw_app_meta_data = coalesce(u.raw_app_meta_data, '{}'::jsonb) || jsonb_build_object(
            'provider', 'email', 'providers', jsonb_build_array('email'), 'legacy_user_id', p.legacy_id
        ),
        created_at = coalesce(p.created_at, own.created_at),
        last_sign_in_at = coalesce(u.last_sign_in_at, p.last_login_at),
        updated_at = now()
    from {{ this }} as p, migration.auth_users as own
    where
        u.id = own.id
        and p.id = own.id
        and (
            (u.email, u.email_confirmed_at, u.banned_until, u.created_at) is distinct from (
                p.email,
                case when p.is_active then coalesce(p.created_at, own.created_at) end,
                case when not p.is_active then 'infinity'::timestamptz end,
                coalesce(p.created_at, own.created_at)
            )
            or not coalesce(u.raw_app_meta_data @> jsonb_build_object(
                'provider', 'email', 'providers', jsonb_build_array('email'), 'legacy_user_id', p.legacy_id
            ), false)
            or (u.last_sign_in_at is null and p.last_login_at is not null)
        );

    with gone as (
        delete from auth.users as u
        using migration.auth_users as own
        where u.id = own.id and not exists (select from {{ this }} as p where p.id = u.id)
        returning u.id
    )

    delete from migration.auth_users as own where own.id in (select gone.id from gone);

    do $auth_fk$
    begin
        if not exists (
            select
            from pg_catalog.pg_constraint as c
            inner join pg_catalog.pg_attribute as a on c.conrelid = a.attrelid and a.attnum = c.conkey[1]
            where c.conrelid = '{{ this }}'::regclass and c.contype = 'f' and a.attname = 'id'
                and c.confrelid = 'auth.users'::regclass
        ) then
            alter table {{ this }} add constraint {{ this.identifier }}_id_fkey foreign key (id) references auth.users (id) on delete cascade;
        end if;
    end
    $auth_fk$
{% endmacro %}
