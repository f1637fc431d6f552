{#- Row-level security of the marts (README, "Who sees what"). Each mart declares once, in
    config.meta.access of its YAML, how a row reaches the people who may read it:

      office: <column>          the row belongs to an office: its members read it
      parent: <fk column(s)>    the row hangs off a parent row (the mart its foreign key points at):
                                whoever reads the parent reads it
      own: <column(s)>          the profile the row belongs to reads it (tasks assigned to me, ...)
      referenced_by: [<mart>.<column>, ...]
                                the row is read by whoever reads a row pointing at it (addresses)
      members_see: <sql>        office members (not lab staff) read only the rows matching this
      shared: <sql>             every signed-in user reads the rows matching this
      reference: true           every signed-in user reads every row (reference data)
      public: <sql>             anon (no JWT) reads the rows matching this; nothing otherwise
      lab: true                 office members have no path (lab-internal); with own: their rows
      legacy_tables: [...]      the legacy tables whose permissions apply (default: the mart's
                                feeds in meta.legacy)
      write: ...                who writes the rows through the API (below)

    Lab staff (profiles.is_staff, active) read by their migrated role, as Django's admin did: a
    table's rows when profiles.role (roles.slug) holds view_<model> or change_<model> of the
    table's legacy model (role_permissions -> permissions); superusers read everything. A row
    read through a parent needs the parent's visibility and, for staff, this table's permission.

    Every arm is one permissive policy whose condition is indexable on its own: a column compared
    with an array computed once per statement (`= any ((select ...))`, an InitPlan). Lab staff are
    folded into those arrays (every office, every profile) instead of an `or` with a constant,
    which would force a sequential scan on every table for everyone.

    Writes (README, "Who may write what"): one policy per command (insert, update, delete), always
    to authenticated; anon writes nothing. Lab staff write by their migrated role as Django's admin
    did: add_<model> inserts, change_<model> updates, delete_<model> deletes, on the table's legacy
    model; superusers write everything. A row must satisfy every office and parent path of the
    read declaration (an office column in the writer's offices, a parent the writer reads), on the
    old row (using) and on the new one (with check: a row cannot be moved out of reach); own paths
    are read paths only. An insert never sets the legacy key (macros/app_rows.sql). The `write`
    key:

      (absent)                  lab staff by role and superusers; office members write nothing
      write: false              nobody writes through the API (derived: cases, order_cases)
      write:
        members: true           office members (active, not staff) also insert and update the rows
                                of their offices (through the office and parent paths; members_see
                                applies), and delete the rows the application created there, never
                                a migrated row (soft-delete those: is_deleted)
        members_insert: <sql>   a row an office member inserts also matches this (its sender, its
                                uploader, its creator is the user)
        checks: [<fk column>]   the new row's foreign keys that must point at a row the writer reads,
                                beyond the paths (an order's patient) -#}

{#- The helpers are plpgsql: PostgREST keeps its connections, and a plpgsql function keeps its
    plans for the connection's life, where a SQL function with a SET clause is planned again in
    every query (about 0.8 ms per policy on "patients of my office", against 0.2 ms). -#}
{% macro supabase_access_helpers() %}
    create schema if not exists private;
    revoke all on schema private from public;
    comment on schema private is
        'Helpers of the row-level-security policies (security definer, fixed search_path); not exposed by the API.';

    create or replace function private.my_profile_id() returns uuid
    language plpgsql stable security definer
    set search_path = pg_catalog, pg_temp
    as $fn$
    begin
        return (select p.id from public.profiles as p where p.id = auth.uid() and p.is_active);
    end
    $fn$;
    comment on function private.my_profile_id() is
        'The signed-in user''s profile id, when that profile is active (a disabled legacy account reads nothing).';

    create or replace function private.is_lab_staff() returns boolean
    language plpgsql stable security definer
    set search_path = pg_catalog, pg_temp
    as $fn$
    begin
        return coalesce(
            (select p.is_staff or p.is_superuser from public.profiles as p where p.id = auth.uid() and p.is_active),
            false
        );
    end
    $fn$;
    comment on function private.is_lab_staff() is 'The signed-in user is active lab staff (is_staff or is_superuser).';

    create or replace function private.legacy_models(legacy_tables text []) returns table (app_label text, model text)
    language plpgsql stable security definer
    set search_path = pg_catalog, pg_temp
    as $fn$
    begin
        return query
        select distinct on (t.name) m.app_label, m.model
        from unnest(legacy_tables) as t (name)
        inner join (select distinct p.app_label, p.model from public.permissions as p) as m
            on
                t.name = m.app_label || '_' || m.model
                or t.name like replace(m.app_label || '_' || m.model, '_', '\_') || '\_%'
        order by t.name, t.name = m.app_label || '_' || m.model desc, length(m.model) desc;
    end
    $fn$;
    comment on function private.legacy_models(text []) is
        'The Django model of each legacy table, by Django''s table naming: <app_label>_<model>, and for a many-to-many '
        'table <app_label>_<model>_<field> the model that declares it.';

    create or replace function private.staff_can_read(legacy_tables text []) returns boolean
    language plpgsql stable security definer
    set search_path = pg_catalog, pg_temp
    as $fn$
    begin
        return coalesce((
            select p.is_superuser or (p.is_staff and exists (
                select
                from public.roles as r
                inner join public.role_permissions as rp on r.id = rp.role_id
                inner join public.permissions as perm on rp.permission_id = perm.id
                inner join private.legacy_models(legacy_tables) as m
                    on perm.app_label = m.app_label and perm.model = m.model
                where r.slug = p.role and perm.codename in ('view_' || m.model, 'change_' || m.model)
            ))
            from public.profiles as p
            where p.id = auth.uid() and p.is_active
        ), false);
    end
    $fn$;
    comment on function private.staff_can_read(text []) is
        'The signed-in user is active lab staff whose role (profiles.role) holds view_<model> or change_<model> of one '
        'of these legacy tables'' models, or a superuser.';

    create or replace function private.office_scope(legacy_tables text []) returns uuid []
    language plpgsql stable security definer
    set search_path = pg_catalog, pg_temp
    as $fn$
    declare
        me record;
    begin
        select p.id, p.is_staff or p.is_superuser as staff, p.office_id into me
        from public.profiles as p
        where p.id = auth.uid() and p.is_active;
        if me.id is null then
            return '{}';
        elsif me.staff then
            if private.staff_can_read(legacy_tables) then
                return (select coalesce(array_agg(o.id), '{}') from public.offices as o);
            end if;
            return '{}';
        end if;
        return (
            select coalesce(array_agg(distinct mine.office_id), '{}')
            from (
                select d.office_id from public.doctors as d where d.profile_id = me.id
                union all
                select me.office_id
            ) as mine
            where mine.office_id is not null
        );
    end
    $fn$;
    comment on function private.office_scope(text []) is
        'The offices whose rows the signed-in user reads: an office user the offices they belong to (public.doctors, '
        'and profiles.office_id, the primary office); lab staff every office when their role may read these tables.';

    create or replace function private.profile_scope(legacy_tables text []) returns uuid []
    language plpgsql stable security definer
    set search_path = pg_catalog, pg_temp
    as $fn$
    declare
        me uuid := private.my_profile_id();
    begin
        if me is not null and private.is_lab_staff() and private.staff_can_read(legacy_tables) then
            return (select array_agg(p.id) from public.profiles as p);
        end if;
        return array_remove(array[me], null);
    end
    $fn$;
    comment on function private.profile_scope(text []) is
        'The profiles whose own rows the signed-in user reads: their own; lab staff whose role may read these tables, '
        'every profile.';

    create or replace function private.may_read(legacy_tables text []) returns boolean
    language plpgsql stable security definer
    set search_path = pg_catalog, pg_temp
    as $fn$
    begin
        if private.is_lab_staff() then
            return private.staff_can_read(legacy_tables);
        end if;
        return private.my_profile_id() is not null;
    end
    $fn$;
    comment on function private.may_read(text []) is
        'Rows read through another row (a parent, or the rows pointing at them): an office user always, lab staff '
        'when their role may read these tables.';

    create or replace function private.staff_can_write(action text, legacy_tables text []) returns boolean
    language plpgsql stable security definer
    set search_path = pg_catalog, pg_temp
    as $fn$
    begin
        return coalesce((
            select p.is_superuser or (p.is_staff and exists (
                select
                from public.roles as r
                inner join public.role_permissions as rp on r.id = rp.role_id
                inner join public.permissions as perm on rp.permission_id = perm.id
                inner join private.legacy_models(legacy_tables) as m
                    on perm.app_label = m.app_label and perm.model = m.model
                where r.slug = p.role and perm.codename = action || '_' || m.model
            ))
            from public.profiles as p
            where p.id = auth.uid() and p.is_active
        ), false);
    end
    $fn$;
    comment on function private.staff_can_write(text, text []) is
        'The signed-in user is active lab staff whose role holds <action>_<model> (add, change, delete) of one of '
        'these legacy tables'' models, or a superuser.';

    create or replace function private.may_write(action text, legacy_tables text [], members boolean) returns boolean
    language plpgsql stable security definer
    set search_path = pg_catalog, pg_temp
    as $fn$
    declare
        me record;
    begin
        select p.id, p.is_staff or p.is_superuser as staff into me
        from public.profiles as p
        where p.id = auth.uid() and p.is_active;
        if me.id is null then
            return false;
        elsif me.staff then
            return private.staff_can_write(action, legacy_tables);
        end if;
        return members;
    end
    $fn$;
    comment on function private.may_write(text, text [], boolean) is
        'The signed-in user may <action> rows of these legacy tables at all: lab staff by their role, an office user '
        'when the table lets office members write (members).';

    create or replace function private.write_scope(action text, legacy_tables text [], members boolean) returns uuid []
    language plpgsql stable security definer
    set search_path = pg_catalog, pg_temp
    as $fn$
    begin
        if not private.may_write(action, legacy_tables, members) then
            return '{}';
        elsif private.is_lab_staff() then
            return (select coalesce(array_agg(o.id), '{}') from public.offices as o);
        end if;
        return private.office_scope(legacy_tables);
    end
    $fn$;
    comment on function private.write_scope(text, text [], boolean) is
        'The offices whose rows the signed-in user may <action>: an office user the offices they belong to when the '
        'table lets office members write; lab staff every office when their role holds <action>_<model>.';

    create or replace function private.keep_legacy_key() returns trigger
    language plpgsql
    set search_path = pg_catalog, pg_temp
    as $fn$
    begin
        -- only the migration's sync writes legacy keys (macros/app_rows.sql)
        if coalesce(current_setting('migration.syncing', true), '') <> 'on' then
            raise exception 'the legacy key of a row of % is the migration''s and cannot change (id %)', tg_table_name, old.id
                using errcode = 'insufficient_privilege';
        end if;
        return new;
    end
    $fn$;
    comment on function private.keep_legacy_key() is
        'Trigger: a row''s legacy key (legacy_id, ...) changes only in the migration''s own sync.';

    create or replace function private.touch_updated_at() returns trigger
    language plpgsql
    set search_path = pg_catalog, pg_temp
    as $fn$
    begin
        -- the sync writes the legacy system's own change time (macros/supabase/integrity.sql)
        if coalesce(current_setting('migration.syncing', true), '') <> 'on' then
            new.updated_at := now();
        end if;
        return new;
    end
    $fn$;
    comment on function private.touch_updated_at() is
        'Trigger: updated_at is the time of the change, except in the migration''s own sync.';

    revoke all on all functions in schema private from public;
    grant execute on all functions in schema private to authenticated
{% endmacro %}

{% macro as_list(value) %}
    {%- if value is none -%}{{ return([]) }}
    {%- elif value is string -%}{{ return([value]) }}
    {%- else -%}{{ return(value | list) }}{%- endif -%}
{% endmacro %}

{#- The legacy tables a mart is fed by (meta.legacy -> each intermediate model's meta.ledger). -#}
{% macro legacy_tables_of(node) %}
    {%- set tables = [] -%}
    {%- for feed in (node.config.meta or {}).get('legacy', []) -%}
        {%- set resolved = model_node(feed['resolved']) -%}
        {%- set table = ((resolved.config.meta or {}).get('ledger') or {}).get('source_table') -%}
        {%- if table and table not in tables -%}{%- do tables.append(table) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(tables) }}
{% endmacro %}

{#- The relation a column's contract foreign key points at. -#}
{% macro fk_parent(node, column) %}
    {%- set col = node.columns.get(column) -%}
    {%- if col is none -%}
        {{ exceptions.raise_compiler_error(node.name ~ ": meta.access names a column it does not have: " ~ column) }}
    {%- endif -%}
    {%- for constraint in col.constraints if constraint.type == 'foreign_key' -%}
        {%- if not constraint.to -%}
            {{ return(constraint.expression.split('(')[0] | trim) }}
        {%- elif constraint.to.startswith('ref(') -%}
            {#- unrendered in a hook's context: ref('orders') -#}
            {%- set name = constraint.to[4:-1] | trim | replace('"', '') | replace("'", '') -%}
            {{ return(model_relation(name.split(',')[-1] | trim) | string) }}
        {%- else -%}
            {{ return(constraint.to) }}
        {%- endif -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error(node.name ~ "." ~ column ~ " is a parent in meta.access but has no foreign key") }}
{% endmacro %}

{% macro column_required(node, column) %}
    {{ return(node.columns[column].constraints | selectattr('type', 'equalto', 'not_null') | list | length > 0) }}
{% endmacro %}

{#- The select policies a mart declares: [{name, role, using, reads, rule}]. -#}
{% macro access_policies(node) %}
    {%- set access = (node.config.meta or {}).get('access') -%}
    {%- if not access -%}
        {{ exceptions.raise_compiler_error(
            "mart " ~ node.name ~ " declares no meta.access: say who reads its rows (macros/supabase/access.sql)") }}
    {%- endif -%}
    {%- set known = ['office', 'parent', 'own', 'referenced_by', 'members_see', 'shared', 'reference', 'public', 'lab', 'legacy_tables', 'write'] -%}
    {%- for key in access if key not in known -%}
        {{ exceptions.raise_compiler_error(node.name ~ ": unknown meta.access key " ~ key) }}
    {%- endfor -%}
    {%- set tables = as_list(access.get('legacy_tables')) or legacy_tables_of(node) -%}
    {%- set tables_sql = "'{" ~ tables | join(',') ~ "}'::text []" -%}
    {%- set filter = (" and ((select private.is_lab_staff()) or (" ~ access.members_see ~ "))") if access.get('members_see') else "" -%}
    {%- set policies = [] -%}
    {%- set scoped = [] -%}

    {%- for column in as_list(access.get('office')) -%}
        {%- do scoped.append(column) -%}
        {%- do policies.append({
            'name': 'office members read (' ~ column ~ ')', 'role': 'authenticated', 'reads': [],
            'using': column ~ " = any ((select private.office_scope(" ~ tables_sql ~ "))::uuid [])" ~ filter,
            'rule': 'rows of the offices the user belongs to (' ~ column ~ '); lab staff: every office when their role may read '
                ~ tables | join(', ')}) -%}
    {%- endfor -%}
    {%- for column in as_list(access.get('parent')) -%}
        {%- do scoped.append(column) -%}
        {%- set parent = fk_parent(node, column) -%}
        {%- do policies.append({
            'name': 'readers of the parent read (' ~ column ~ ')', 'role': 'authenticated', 'reads': [parent | string],
            'using': column ~ " = any (array(select parent.id from " ~ parent ~ " as parent)) and (select private.may_read("
                ~ tables_sql ~ "))" ~ filter,
            'rule': 'rows whose ' ~ column ~ ' the user reads in ' ~ parent ~ '; lab staff also need their role to read '
                ~ tables | join(', ')}) -%}
    {%- endfor -%}
    {%- for column in as_list(access.get('own')) -%}
        {%- do scoped.append(column) -%}
        {%- do policies.append({
            'name': 'owner reads (' ~ column ~ ')', 'role': 'authenticated', 'reads': [],
            'using': column ~ " = any ((select private.profile_scope(" ~ tables_sql ~ "))::uuid [])" ~ filter,
            'rule': 'rows whose ' ~ column ~ ' is the user; lab staff: every row when their role may read ' ~ tables | join(', ')}) -%}
    {%- endfor -%}
    {%- if access.get('referenced_by') -%}
        {%- set branches = [] -%}
        {%- set reads = [] -%}
        {%- for pointer in as_list(access.referenced_by) -%}
            {%- set parts = pointer.split('.') -%}
            {%- set referencing = model_relation(parts[0]) -%}
            {%- do reads.append(referencing | string) -%}
            {%- do branches.append("select ref." ~ parts[1] ~ " from " ~ referencing ~ " as ref") -%}
        {%- endfor -%}
        {%- do policies.append({
            'name': 'readers of the referencing rows read', 'role': 'authenticated', 'reads': reads,
            'using': "id = any (array(" ~ branches | join(' union all ') ~ ")) and (select private.may_read(" ~ tables_sql ~ "))" ~ filter,
            'rule': 'rows pointed at by a row the user reads (' ~ as_list(access.referenced_by) | join(', ') ~ ')'}) -%}
        {%- if not scoped -%}
            {#- rows nobody owns (an address no office, patient or shipment points at any more) -#}
            {%- do policies.append({
                'name': 'lab staff read', 'role': 'authenticated', 'reads': [],
                'using': "(select private.staff_can_read(" ~ tables_sql ~ "))",
                'rule': 'lab staff whose role may read ' ~ tables | join(', ')}) -%}
        {%- endif -%}
    {%- endif -%}
    {%- if access.get('shared') -%}
        {%- do policies.append({
            'name': 'signed-in users read shared rows', 'role': 'authenticated', 'reads': [],
            'using': access.shared, 'rule': 'rows every signed-in user reads: ' ~ access.shared}) -%}
    {%- elif scoped -%}
        {%- set required = [] -%}
        {%- for column in scoped if column_required(node, column) -%}{%- do required.append(column) -%}{%- endfor -%}
        {%- if not required -%}
            {%- do policies.append({
                'name': 'lab staff read unlinked rows', 'role': 'authenticated', 'reads': [],
                'using': scoped | join(' is null and ') ~ " is null and (select private.staff_can_read(" ~ tables_sql ~ "))",
                'rule': 'rows with no ' ~ scoped | join(', ') ~ ': lab staff whose role may read ' ~ tables | join(', ')}) -%}
        {%- endif -%}
    {%- endif -%}
    {%- if access.get('reference') -%}
        {%- do policies.append({
            'name': 'signed-in users read', 'role': 'authenticated', 'reads': [], 'using': 'true',
            'rule': 'reference data: every signed-in user reads every row'}) -%}
    {%- elif not policies -%}
        {%- if not access.get('lab') -%}
            {{ exceptions.raise_compiler_error(node.name ~ ": meta.access gives nobody a path to its rows (add lab: true for lab-only)") }}
        {%- endif -%}
        {%- do policies.append({
            'name': 'lab staff read', 'role': 'authenticated', 'reads': [],
            'using': "(select private.staff_can_read(" ~ tables_sql ~ "))",
            'rule': 'lab-internal: lab staff whose role may read ' ~ tables | join(', ')}) -%}
    {%- endif -%}
    {%- if access.get('public') -%}
        {%- do policies.append({
            'name': 'anyone reads public rows', 'role': 'anon', 'reads': [], 'using': access.public,
            'rule': 'public without signing in: ' ~ access.public}) -%}
    {%- endif -%}
    {{ return(policies) }}
{% endmacro %}

{#- The write policies a mart declares (meta.access and its write key, see the top of this file):
    [{name, command, role, using, check, reads, rule}], one per command. -#}
{% macro write_policies(node) %}
    {%- set access = (node.config.meta or {}).get('access') or {} -%}
    {%- set write = access.get('write', {}) -%}
    {%- if write is sameas false -%}{{ return([]) }}{%- endif -%}
    {%- if write is not mapping -%}
        {{ exceptions.raise_compiler_error(node.name ~ ": meta.access.write is false or a mapping (members, members_insert, checks)") }}
    {%- endif -%}
    {%- for key in write if key not in ['members', 'members_insert', 'checks'] -%}
        {{ exceptions.raise_compiler_error(node.name ~ ": unknown meta.access.write key " ~ key) }}
    {%- endfor -%}
    {%- set members = write.get('members') is sameas true -%}
    {%- set tables = as_list(access.get('legacy_tables')) or legacy_tables_of(node) -%}
    {%- set tables_sql = "'{" ~ tables | join(',') ~ "}'::text []" -%}
    {%- set members_sql = 'true' if members else 'false' -%}
    {%- set staff = "(select private.is_lab_staff())" -%}
    {%- set reads = [] -%}
    {%- set models = tables | join(', ') -%}
    {%- set policies = [] -%}

    {%- for command, action in [('insert', 'add'), ('update', 'change'), ('delete', 'delete')] -%}
        {#- every office and parent path, on the old row (using) and on the new one (check) -#}
        {%- set paths = [] -%}
        {%- set fresh = [] -%}
        {%- set staff_only = "(select private.may_write('" ~ action ~ "', " ~ tables_sql ~ ", false))" -%}
        {%- for column in as_list(access.get('office')) -%}
            {%- set condition = column ~ " = any ((select private.write_scope('" ~ action ~ "', " ~ tables_sql ~ ", "
                ~ members_sql ~ "))::uuid [])" -%}
            {%- do paths.append(condition if column_required(node, column)
                else "(" ~ condition ~ " or (" ~ column ~ " is null and " ~ staff_only ~ "))") -%}
        {%- endfor -%}
        {%- if not access.get('office') -%}
            {%- do paths.append("(select private.may_write('" ~ action ~ "', " ~ tables_sql ~ ", " ~ members_sql ~ "))") -%}
        {%- endif -%}
        {%- for column in as_list(access.get('parent')) -%}
            {%- set parent = fk_parent(node, column) | string -%}
            {%- if parent not in reads -%}{%- do reads.append(parent) -%}{%- endif -%}
            {%- set condition = "exists (select from " ~ parent ~ " as parent where parent.id = " ~ column ~ ")" -%}
            {%- do paths.append(condition if column_required(node, column)
                else "(" ~ condition ~ " or (" ~ column ~ " is null and " ~ staff_only ~ "))") -%}
        {%- endfor -%}
        {%- for column in as_list(write.get('checks')) -%}
            {%- set parent = fk_parent(node, column) | string -%}
            {%- if parent.split('.')[-1] | replace('"', '') == node.alias -%}
                {{ exceptions.raise_compiler_error(node.name ~ ": meta.access.write.checks cannot name a self-reference (" ~ column ~ ")") }}
            {%- endif -%}
            {%- if parent not in reads -%}{%- do reads.append(parent) -%}{%- endif -%}
            {%- set condition = "exists (select from " ~ parent ~ " as parent where parent.id = " ~ column ~ ")" -%}
            {%- do fresh.append(condition if column_required(node, column) else "(" ~ column ~ " is null or " ~ condition ~ ")") -%}
        {%- endfor -%}
        {%- if members and access.get('members_see') -%}
            {%- do paths.append("(" ~ staff ~ " or (" ~ access.members_see ~ "))") -%}
        {%- endif -%}

        {%- set who = ("office members of the row's offices and " if members else '') ~ 'lab staff whose role holds '
            ~ action ~ '_<model> of ' ~ models ~ '; superusers' -%}
        {%- if command == 'insert' -%}
            {%- if accepts_app_rows(node) -%}
                {%- set check = [app_rows_condition(node)] + paths + fresh -%}
                {%- if members and write.get('members_insert') -%}
                    {%- do check.append("(" ~ staff ~ " or (" ~ write.members_insert ~ "))") -%}
                {%- endif -%}
                {%- do policies.append({
                    'name': 'authorised users insert', 'command': 'insert', 'role': 'authenticated', 'reads': reads,
                    'using': none, 'check': check | join(' and '),
                    'rule': 'new rows without a legacy key: ' ~ who
                        ~ ((' (office members: ' ~ write.members_insert ~ ')') if members and write.get('members_insert') else '')}) -%}
            {%- endif -%}
        {%- elif command == 'update' -%}
            {%- do policies.append({
                'name': 'authorised users update', 'command': 'update', 'role': 'authenticated', 'reads': reads,
                'using': paths | join(' and '), 'check': (paths + fresh) | join(' and '),
                'rule': 'rows, before and after the change: ' ~ who}) -%}
        {%- else -%}
            {%- set using = paths -%}
            {%- if members -%}
                {%- set using = paths + ["(" ~ staff ~ " or (" ~ app_rows_condition(node) ~ "))"] -%}
            {%- endif -%}
            {%- do policies.append({
                'name': 'authorised users delete', 'command': 'delete', 'role': 'authenticated', 'reads': reads,
                'using': using | join(' and '), 'check': none,
                'rule': ("rows the application created: office members of the row's offices; any row: " if members
                    else 'rows: ') ~ 'lab staff whose role holds delete_<model> of ' ~ models ~ '; superusers'}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(policies) }}
{% endmacro %}

{#- One DO block that brings a mart's policies in line with its declaration: row-level security
    on; the migration's policies that are no longer declared (or whose definition changed) dropped;
    the missing ones created, each commented with "legacy_migration <hash>: <rule>". A policy that
    reads a relation not built yet is left for on-run-end. A no-op when everything is in place,
    so a sync with nothing to change changes nothing in the catalog. -#}
{% macro apply_policies(node) %}
    {%- set relation = model_relation(node) -%}
    {%- set names = [] -%}
    {%- set hashes = [] -%}
    {%- set ddl = [] -%}
    {%- set notes = [] -%}
    {%- set reads = [] -%}
    {%- for policy in access_policies(node) + write_policies(node) -%}
        {%- set statement = 'create policy "' ~ policy.name ~ '" on ' ~ relation ~ ' as permissive for '
            ~ policy.get('command', 'select') ~ ' to ' ~ policy.role
            ~ ((' using (' ~ policy.using ~ ')') if policy.using else '')
            ~ ((' with check (' ~ policy.check ~ ')') if policy.get('check') else '') -%}
        {%- set hash = local_md5(statement ~ policy.rule)[:12] -%}
        {%- do names.append(policy.name) -%}
        {%- do hashes.append(hash) -%}
        {%- do ddl.append(statement) -%}
        {%- do notes.append('legacy_migration ' ~ hash ~ ': ' ~ policy.rule) -%}
        {%- do reads.append(policy.reads | join(',')) -%}
    {%- endfor %}
    do $policies$
    declare
        target regclass := to_regclass('{{ relation }}');
        names text [] := {{ sql_text_array(names) }};
        hashes text [] := {{ sql_text_array(hashes) }};
        statements text [] := {{ sql_text_array(ddl) }};
        notes text [] := {{ sql_text_array(notes) }};
        reads text [] := {{ sql_text_array(reads) }};
        existing record;
        position int;
    begin
        if target is null then
            return;
        end if;
        if not (select c.relrowsecurity from pg_catalog.pg_class as c where c.oid = target) then
            execute format('alter table %s enable row level security', target);
        end if;
        for existing in
            select pol.polname::text as name, pg_catalog.obj_description(pol.oid, 'pg_policy') as note
            from pg_catalog.pg_policy as pol
            where pol.polrelid = target
        loop
            position := pg_catalog.array_position(names, existing.name);
            if existing.note like 'legacy_migration %' then
                if position is null or existing.note <> notes[position] then
                    execute format('drop policy %I on %s', existing.name, target);
                end if;
            elsif position is not null then
                raise exception 'policy "%" on % was not created by the migration; rename it (the migration declares a policy of that name)',
                    existing.name, target;
            end if;
        end loop;
        for position in 1 .. coalesce(pg_catalog.array_length(names, 1), 0) loop
            continue when exists (
                select from pg_catalog.pg_policy as pol where pol.polrelid = target and pol.polname = names[position]
            );
            continue when exists (
                select from pg_catalog.unnest(pg_catalog.string_to_array(nullif(reads[position], ''), ',')) as r (relation)
                where pg_catalog.to_regclass(r.relation) is null
            );
            execute statements[position];
            execute format('comment on policy %I on %s is %L', names[position], target, notes[position]);
        end loop;
    end
    $policies$
{%- endmacro %}

{% macro sql_text_array(values) -%}
    array[{%- for value in values -%}'{{ value | replace("'", "''") }}'{{ ", " if not loop.last }}{%- endfor -%}]::text []
{%- endmacro %}
