{#- The DDL of a mart's enforced contract, as dbt renders it, with two changes that make the
    sync's deletes and key moves safe (docs/sync.md):
    - a foreign key is ON DELETE CASCADE when the column is required and ON DELETE SET NULL when
      it is optional: a parent that leaves its mart takes its children with it exactly as their
      own classification does (rejected, or the reference unset with a *_unset repair);
    - a unique constraint other than the primary key is DEFERRABLE (checked at the end of the
      statement), so a key that moves from one row to another within one merge does not fail. -#}
{% macro postgres__get_table_columns_and_constraints() -%}
    {%- set rendered = adapter.render_raw_columns_constraints(raw_columns=model['columns']) -%}
    {%- set model_constraints = adapter.render_raw_model_constraints(raw_constraints=model['constraints']) -%}
    (
    {% for column in rendered -%}
        {{ contract_column_ddl(column) }}{{ "," if not loop.last or model_constraints }}
    {% endfor %}
    {% for constraint in model_constraints -%}
        {{ constraint ~ (' deferrable initially immediate' if constraint.startswith('unique') else '') }}{{ "," if not loop.last }}
    {% endfor -%}
    )
{%- endmacro %}

{% macro contract_column_ddl(column) -%}
    {%- set tokens = [] -%}
    {%- for token in column.split(' ') -%}
        {%- do tokens.append('unique deferrable initially immediate' if token == 'unique' and not loop.first else token) -%}
    {%- endfor -%}
    {%- set ddl = tokens | join(' ') -%}
    {%- if ' references ' in ddl and ' on delete ' not in ddl -%}
        {%- set ddl = ddl ~ (' on delete cascade' if ' not null' in ddl else ' on delete set null') -%}
    {%- endif -%}
    {{ ddl }}
{%- endmacro %}

{#- Post-hook of the marts: an existing table ends with the same constraints as a fresh one. A
    column added to an existing mart (on_schema_change: append_new_columns) arrives without its
    declared foreign key, and a target built by an earlier version has foreign keys without the
    delete actions and unique constraints that are not deferrable; this adds or replaces them. A
    no-op when everything is in place. -#}
{% macro ensure_constraints() %}
    {%- set statements = [] -%}
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
            ~ " if existing is not null then execute format('alter table " ~ this ~ " drop constraint %I', existing); end if;"
            ~ " alter table " ~ this ~ " add unique (" ~ columns ~ ") deferrable initially immediate;"
            ~ " end if; end $uq$"
        ) -%}
    {%- endfor -%}
    {{ statements | join(';\n') }}
{% endmacro %}
