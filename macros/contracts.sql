{#- The DDL of a contract-enforced table as dbt creates it: every column with its type, NOT NULL
    and CHECK constraints, but no primary key, unique or foreign key. Those are added by the
    post-hook ensure_constraints, inside the same transaction, after the first load: building an
    index once is several times faster than maintaining it row by row, and a foreign key added
    afterwards is validated in one query instead of one trigger call per row. At commit the table
    has every constraint of its contract. -#}
{% macro postgres__get_table_columns_and_constraints() -%}
    {%- set kept = ('not_null', 'check', 'custom') -%}
    (
    {% for column in model['columns'].values() -%}
        {{ adapter.quote(column['name']) if column.get('quote') else column['name'] }} {{ column['data_type'] }}
        {%- for constraint in column.get('constraints', []) if constraint['type'] in kept %}
            {%- if constraint['type'] == 'not_null' %} not null
            {%- elif constraint['type'] == 'check' %} check ({{ constraint['expression'] }})
            {%- else %} {{ constraint['expression'] }}
            {%- endif %}
        {%- endfor -%}
        {%- set model_checks = model.get('constraints', []) | selectattr('type', 'in', ['check', 'custom']) | list -%}
        {{ "," if not loop.last or model_checks }}
    {% endfor %}
    {%- for constraint in model.get('constraints', []) | selectattr('type', 'in', ['check', 'custom']) | list %}
        {{ ('constraint ' ~ constraint['name'] ~ ' ') if constraint.get('name') }}
        {%- if constraint['type'] == 'check' %}check ({{ constraint['expression'] }}){% else %}{{ constraint['expression'] }}{% endif %}
        {{- "," if not loop.last }}
    {%- endfor %}
    )
{%- endmacro %}

{#- Post-hook of the contract-enforced models (marts and mappings): the primary key, unique keys and
    foreign keys of the contract, added after a first load, and kept in step on an existing table:
    a column appended later (on_schema_change: append_new_columns) arrives without its foreign
    key, and a target built by an earlier version has foreign keys without the delete actions and
    unique keys that are not deferrable; this adds or replaces them. A foreign key is ON DELETE
    CASCADE when its column is required and ON DELETE SET NULL when it is optional: a parent that
    leaves its mart takes its children with it exactly as their own classification does (rejected,
    or the reference unset with a *_unset repair). A unique key other than the primary key is
    DEFERRABLE (checked at the end of the statement), so a key that moves from one row to another
    within one merge does not fail. Additions to different tables lock their parents in different
    orders, so they take one advisory lock in turn. A NOT NULL the contract no longer declares is
    dropped (the legacy keys of the marts that accept the application's rows, macros/app_rows.sql),
    and a named CHECK of the contract is kept in line with its expression (commented
    "legacy_migration <hash>: ..."; an older definition under that name is replaced). A no-op when
    everything is in place. -#}
{% macro ensure_constraints() %}
    {%- set lock = "perform pg_advisory_xact_lock(hashtext('legacy_migration.constraints'));" -%}
    {%- set statements = [] -%}
    {%- set primary = [] -%}
    {%- for column in model.columns.values() -%}
        {%- if column.constraints | selectattr('type', 'equalto', 'primary_key') | list -%}
            {%- do primary.append(column.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for constraint in model.constraints if constraint.type == 'primary_key' -%}
        {%- do primary.extend(constraint.columns) -%}
    {%- endfor -%}
    {%- if primary -%}
        {%- do statements.append(
            "do $pk$ begin if not exists (select from pg_constraint where conrelid = '" ~ this
            ~ "'::regclass and contype = 'p') then " ~ lock ~ " alter table " ~ this ~ " add primary key ("
            ~ primary | join(', ') ~ "); end if; end $pk$"
        ) -%}
    {%- endif -%}
    {%- for column in model.columns.values() -%}
        {%- set required = column.constraints | selectattr('type', 'equalto', 'not_null') | list | length > 0 -%}
        {%- for constraint in column.constraints -%}
            {%- if constraint.type == 'foreign_key' -%}
                {%- if constraint.to -%}
                    {%- set parent = constraint.to ~ ' (' ~ constraint.to_columns | join(', ') ~ ')' -%}
                {%- else -%}
                    {%- set parent = constraint.expression -%}
                {%- endif -%}
                {%- set action = 'c' if required else 'n' -%}
                {%- do statements.append(
                    "do $fk$ declare existing name; begin"
                    ~ " select c.conname into existing from pg_constraint as c join pg_attribute as a"
                    ~ " on a.attrelid = c.conrelid and a.attnum = c.conkey[1]"
                    ~ " where c.conrelid = '" ~ this ~ "'::regclass and c.contype = 'f'"
                    ~ " and a.attname = '" ~ column.name ~ "';"
                    ~ " if existing is null or (select confdeltype from pg_constraint where conrelid = '" ~ this
                    ~ "'::regclass and conname = existing) <> '" ~ action ~ "' then"
                    ~ " " ~ lock
                    ~ " if existing is not null then execute format('alter table " ~ this ~ " drop constraint %I', existing); end if;"
                    ~ " alter table " ~ this ~ " add foreign key (" ~ column.name ~ ") references " ~ parent
                    ~ (" on delete cascade" if required else " on delete set null") ~ ";"
                    ~ " end if; end $fk$"
                ) -%}
            {%- elif constraint.type == 'unique' -%}
                {%- do statements.append(
                    "do $uq$ declare existing name; begin"
                    ~ " select c.conname into existing from pg_constraint as c join pg_attribute as a"
                    ~ " on a.attrelid = c.conrelid and a.attnum = c.conkey[1]"
                    ~ " where c.conrelid = '" ~ this ~ "'::regclass and c.contype = 'u'"
                    ~ " and cardinality(c.conkey) = 1 and a.attname = '" ~ column.name ~ "';"
                    ~ " if existing is null or not (select condeferrable from pg_constraint where conrelid = '" ~ this
                    ~ "'::regclass and conname = existing) then"
                    ~ " " ~ lock
                    ~ " if existing is not null then execute format('alter table " ~ this ~ " drop constraint %I', existing); end if;"
                    ~ " alter table " ~ this ~ " add unique (" ~ column.name ~ ") deferrable initially immediate;"
                    ~ " end if; end $uq$"
                ) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for constraint in model.constraints if constraint.type == 'unique' -%}
        {%- set columns = constraint.columns | join(', ') -%}
        {%- do statements.append(
            "do $uq$ declare existing name; begin"
            ~ " select c.conname into existing from pg_constraint as c"
            ~ " where c.conrelid = '" ~ this ~ "'::regclass and c.contype = 'u'"
            ~ " and (select array_agg(a.attname::text order by a.attname) from pg_attribute as a"
            ~ " where a.attrelid = c.conrelid and a.attnum = any(c.conkey))"
            ~ " = (select array_agg(x order by x) from unnest(array['" ~ constraint.columns | join("', '") ~ "']) as x);"
            ~ " if existing is null or not (select condeferrable from pg_constraint where conrelid = '" ~ this
            ~ "'::regclass and conname = existing) then"
            ~ " " ~ lock
            ~ " if existing is not null then execute format('alter table " ~ this ~ " drop constraint %I', existing); end if;"
            ~ " alter table " ~ this ~ " add unique (" ~ columns ~ ") deferrable initially immediate;"
            ~ " end if; end $uq$"
        ) -%}
    {%- endfor -%}
    {%- set nullable = [] -%}
    {%- for column in model.columns.values()
        if not column.constraints | selectattr('type', 'in', ['not_null', 'primary_key']) | list -%}
        {%- do nullable.append(column.name) -%}
    {%- endfor -%}
    {%- if nullable -%}
        {%- do statements.append(
            "do $nullable$ declare col text; begin for col in select a.attname from pg_attribute as a"
            ~ " where a.attrelid = '" ~ this ~ "'::regclass and a.attnotnull and a.attname = any(" ~ sql_text_array(nullable) ~ ")"
            ~ " and not exists (select from pg_index as i where i.indrelid = a.attrelid and i.indisprimary"
            ~ " and a.attnum = any(i.indkey)) loop"
            ~ " execute format('alter table " ~ this ~ " alter column %I drop not null', col); end loop; end $nullable$"
        ) -%}
    {%- endif -%}
    {%- for constraint in model.constraints if constraint.type == 'check' and constraint.name -%}
        {%- set note = 'legacy_migration ' ~ local_md5(constraint.expression)[:12] ~ ': contract check of ' ~ this.identifier -%}
        {%- do statements.append(
            "do $check$ begin if pg_catalog.obj_description((select c.oid from pg_constraint as c where c.conrelid = '"
            ~ this ~ "'::regclass and c.conname = '" ~ constraint.name ~ "'), 'pg_constraint') is distinct from '"
            ~ note ~ "' then"
            ~ " alter table " ~ this ~ " drop constraint if exists " ~ constraint.name ~ ";"
            ~ " alter table " ~ this ~ " add constraint " ~ constraint.name ~ " check (" ~ constraint.expression ~ ");"
            ~ " comment on constraint " ~ constraint.name ~ " on " ~ this ~ " is '" ~ note ~ "';"
            ~ " end if; end $check$"
        ) -%}
    {%- endfor -%}
    {{ statements | join(';\n') }}
{% endmacro %}
