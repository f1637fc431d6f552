{#- Post-hook of the marts: what the application that comes after cutover needs of each table,
    derived from the mart's own declarations, never written twice (README, "The Supabase target"):

    - the API roles' grants on the table (Supabase's usual grants; row-level security decides);
    - an index on every foreign-key column of the contract (unless an index already leads with it),
      which is also what the policies filter on;
    - a CHECK on every decoded code column, from the accepted values already declared for it
      (declared_codes: the column's own accepted_values test, the column its meta.codes_of names,
      or the same column of the staging model where the code is decoded), and a format CHECK on the
      columns var code_formats names (currency);
    - id default gen_random_uuid() (not on profiles: a profile's id is its auth user's) and
      created_at default now();
    - a trigger that sets updated_at on every change made outside the sync, and one that refuses a
      change of the legacy key outside the sync (legacy_key_is_fixed, macros/app_rows.sql);
    - row-level security and the policies of meta.access (macros/supabase/access.sql).

    Each part is a no-op when its object is in place: a sync that changes no declaration changes
    nothing in the catalog. -#}
{% macro supabase_mart() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {{ ensure_api_grants() }};
    {{ ensure_foreign_key_indexes(model) }};
    {{ ensure_code_checks(model) }};
    {{ ensure_defaults(model) }};
    {{ apply_policies(model) }}
{% endmacro %}

{#- Pre-hook of the marts: this transaction is the sync, whose merges write updated_at from the
    legacy system's own change time (private.touch_updated_at leaves it alone). -#}
{% macro sync_session() %}
    set local migration.syncing = 'on'
{% endmacro %}

{#- Supabase's usual grants on this table (new tables get them from the default privileges; a mart
    created before the API roles existed gets them here). -#}
{% macro ensure_api_grants() %}
    do $grants$
    declare
        api_role name;
    begin
        foreach api_role in array array['{{ api_roles() | join("', '") }}'] loop
            if not has_table_privilege(api_role, '{{ this }}', 'select, insert, update, delete, truncate, references, trigger') then
                execute format('grant all on %s to %I', '{{ this }}', api_role);
            end if;
        end loop;
    end
    $grants$
{%- endmacro %}

{% macro ensure_foreign_key_indexes(node) %}
    {%- set columns = [] -%}
    {%- for column in node.columns.values() -%}
        {%- if column.constraints | selectattr('type', 'equalto', 'foreign_key') | list -%}
            {%- do columns.append(column.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not columns -%}{{ return('select 1') }}{%- endif %}
    do $fk_indexes$
    declare
        target regclass := '{{ this }}'::regclass;
        col text;
    begin
        foreach col in array {{ sql_text_array(columns) }} loop
            continue when exists (
                select
                from pg_catalog.pg_index as i
                inner join pg_catalog.pg_attribute as a on i.indrelid = a.attrelid and a.attnum = i.indkey[0]
                where i.indrelid = target and a.attname = col
            );
            execute format('create index %I on %s (%I)', left('{{ this.identifier }}_' || col || '_idx', 63), target, col);
        end loop;
    end
    $fk_indexes$
{%- endmacro %}

{#- Every declared list of accepted values: {'<model>.<column>': {'values', 'source'}}, from the
    accepted_values tests and the columns' meta.accepted_values (a decoded code without a test). -#}
{% macro accepted_values_index() %}
    {%- set found = {} -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'test' and node.test_metadata and node.test_metadata.name == 'accepted_values'
            and node.attached_node and node.column_name -%}
            {%- set kwargs = node.test_metadata.kwargs -%}
            {%- set values = kwargs.get('values') or (kwargs.get('arguments') or {}).get('values') -%}
            {%- set key = node.attached_node.split('.')[-1] ~ '.' ~ node.column_name -%}
            {%- do found.update({key: {'values': values, 'source': 'accepted_values of ' ~ key}}) -%}
        {%- elif node.resource_type == 'model' -%}
            {%- for column in node.columns.values() -%}
                {%- set values = (column.meta or {}).get('accepted_values')
                    or ((column.config or {}).get('meta') or {}).get('accepted_values') -%}
                {%- if values -%}
                    {%- set key = node.name ~ '.' ~ column.name -%}
                    {%- do found.update({key: {'values': values, 'source': 'meta.accepted_values of ' ~ key}}) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(found) }}
{% endmacro %}

{#- A mart's code columns: {column: {'values': [...]} or {'pattern': ...}, 'source'}. A column's
    accepted values are, in this order: its own (test or meta); those of the column its
    meta.codes_of names; those of the same column in the staging model of each legacy table feeding
    the mart (stg_legacy__<table>; with several feeds, every one must declare them); a column var
    code_formats names gets a format instead. -#}
{% macro declared_codes(node) %}
    {%- set index = accepted_values_index() -%}
    {%- set feeds = legacy_tables_of(node) -%}
    {%- set found = {} -%}
    {%- for column in node.columns.values() -%}
        {%- set meta = (column.meta or {}) if (column.meta or {}).get('codes_of') else ((column.config or {}).get('meta') or {}) -%}
        {%- set inherited = [] -%}
        {%- for table in feeds if ('stg_legacy__' ~ table ~ '.' ~ column.name) in index -%}
            {%- do inherited.append(index['stg_legacy__' ~ table ~ '.' ~ column.name]) -%}
        {%- endfor -%}
        {%- if (node.name ~ '.' ~ column.name) in index -%}
            {%- do found.update({column.name: index[node.name ~ '.' ~ column.name]}) -%}
        {%- elif meta.get('codes_of') -%}
            {%- if meta.codes_of not in index -%}
                {{ exceptions.raise_compiler_error(node.name ~ "." ~ column.name ~ ": codes_of " ~ meta.codes_of ~ " declares no accepted values") }}
            {%- endif -%}
            {%- do found.update({column.name: index[meta.codes_of]}) -%}
        {%- elif inherited and inherited | length == feeds | length -%}
            {%- set values = [] -%}
            {%- for declaration in inherited -%}
                {%- for value in declaration['values'] if value not in values -%}{%- do values.append(value) -%}{%- endfor -%}
            {%- endfor -%}
            {%- do found.update({column.name: {'values': values, 'source': inherited | map(attribute='source') | join(', ')}}) -%}
        {%- elif column.name in (var('code_formats', {}) or {}) -%}
            {%- do found.update({column.name: {'pattern': var('code_formats')[column.name], 'source': 'var code_formats.' ~ column.name}}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(found) }}
{% endmacro %}

{#- A CHECK per code column, named <table>_<column>_check and commented "legacy_migration <hash>:
    <where the values come from>"; a changed declaration replaces it, a removed one drops it. The
    contract's own named CHECKs are ensure_constraints' (macros/contracts.sql), not these. -#}
{% macro ensure_code_checks(node) %}
    {%- set names = [] -%}
    {%- set conditions = [] -%}
    {%- set notes = [] -%}
    {%- set contract_checks = node.constraints | selectattr('type', 'equalto', 'check') | selectattr('name')
        | map(attribute='name') | list -%}
    {%- for column, code in declared_codes(node) | dictsort -%}
        {%- if code.get('pattern') -%}
            {%- set condition = column ~ " ~ '" ~ code.pattern | replace("'", "''") ~ "'" -%}
        {%- else -%}
            {%- set quoted = [] -%}
            {%- for value in code['values'] -%}{%- do quoted.append("'" ~ value | replace("'", "''") ~ "'") -%}{%- endfor -%}
            {%- set condition = column ~ " = any (array[" ~ quoted | join(', ') ~ "]::text [])" -%}
        {%- endif -%}
        {%- do names.append((this.identifier ~ '_' ~ column ~ '_check')[:63]) -%}
        {%- do conditions.append(condition) -%}
        {%- do notes.append('legacy_migration ' ~ local_md5(condition)[:12] ~ ': ' ~ code.source) -%}
    {%- endfor %}
    do $codes$
    declare
        target regclass := '{{ this }}'::regclass;
        names text [] := {{ sql_text_array(names) }};
        conditions text [] := {{ sql_text_array(conditions) }};
        notes text [] := {{ sql_text_array(notes) }};
        contract_checks text [] := {{ sql_text_array(contract_checks) }};
        existing record;
        position int;
    begin
        for existing in
            select c.conname::text as name, pg_catalog.obj_description(c.oid, 'pg_constraint') as note
            from pg_catalog.pg_constraint as c
            where c.conrelid = target and c.contype = 'c' and c.conname <> all(contract_checks)
        loop
            position := pg_catalog.array_position(names, existing.name);
            if existing.note like 'legacy_migration %' and (position is null or existing.note <> notes[position]) then
                execute format('alter table %s drop constraint %I', target, existing.name);
            end if;
        end loop;
        for position in 1 .. coalesce(pg_catalog.array_length(names, 1), 0) loop
            continue when exists (
                select from pg_catalog.pg_constraint as c where c.conrelid = target and c.conname = names[position]
            );
            execute format('alter table %s add constraint %I check (%s)', target, names[position], conditions[position]);
            execute format('comment on constraint %I on %s is %L', names[position], target, notes[position]);
        end loop;
    end
    $codes$
{%- endmacro %}

{% macro ensure_defaults(node) %}
    {%- set auth_users = (node.config.meta or {}).get('auth_users') -%}
    do $defaults$
    declare
        target regclass := '{{ this }}'::regclass;
    begin
        {%- if 'id' in node.columns and node.columns['id'].data_type == 'uuid' and not auth_users %}
        if not exists (
            select from pg_catalog.pg_attrdef as d
            inner join pg_catalog.pg_attribute as a on d.adrelid = a.attrelid and d.adnum = a.attnum
            where d.adrelid = target and a.attname = 'id'
        ) then
            execute format('alter table %s alter column id set default gen_random_uuid()', target);
        end if;
        {%- endif %}
        {%- if 'created_at' in node.columns %}
        if not exists (
            select from pg_catalog.pg_attrdef as d
            inner join pg_catalog.pg_attribute as a on d.adrelid = a.attrelid and d.adnum = a.attnum
            where d.adrelid = target and a.attname = 'created_at'
        ) then
            execute format('alter table %s alter column created_at set default now()', target);
        end if;
        {%- endif %}
        {%- if 'updated_at' in node.columns %}
        if not exists (
            select from pg_catalog.pg_trigger as t where t.tgrelid = target and t.tgname = 'touch_updated_at'
        ) then
            execute format(
                'create trigger touch_updated_at before update on %s for each row when (old.* is distinct from new.*) '
                'execute function private.touch_updated_at()',
                target
            );
        end if;
        {%- endif %}
        {%- set keys = legacy_key_columns(node) | select('in', node.columns) | list %}
        {%- if keys %}
        if not exists (
            select from pg_catalog.pg_trigger as t where t.tgrelid = target and t.tgname = 'legacy_key_is_fixed'
        ) then
            execute format(
                'create trigger legacy_key_is_fixed before update of {{ keys | join(", ") }} on %s for each row when ('
                '{%- for key in keys %}old.{{ key }} is distinct from new.{{ key }}{{ " or " if not loop.last }}{%- endfor -%}'
                ') execute function private.keep_legacy_key()',
                target
            );
        end if;
        {%- endif %}
        null;
    end
    $defaults$
{%- endmacro %}
