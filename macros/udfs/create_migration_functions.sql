{#- Functions the models share, created before every run (on-run-start). They live in schema
    `migration`, next to the bookkeeping, and are all immutable SQL or PL/pgSQL. -#}
{% macro create_migration_functions() %}
create schema if not exists migration;

-- text -> jsonb that never aborts a query: NULL when the text is not valid JSON (issue 12).
-- Cheap pre-check first so that only candidates pay for the exception block.
create or replace function migration.try_jsonb(raw text) returns jsonb
language plpgsql immutable parallel safe
as $fn$
begin
    if raw is null or raw !~ '^\s*[\{\[]' then
        return null;
    end if;
    return raw::jsonb;
exception when others then
    return null;
end
$fn$;

-- free-text phone -> E.164, best effort (issue 14): drops an extension, keeps digits; 10 digits
-- take the default calling code, 11+ digits starting with it or written with '+' are kept.
-- NULL when no plausible number is left; the raw value is always kept next to it.
create or replace function migration.phone_e164(raw text, default_code text) returns text
language sql immutable parallel safe
as $fn$
    with cleaned as (
        select
            regexp_replace(
                regexp_replace(coalesce(raw, ''), '\s*(x|ext\.?|extension)\s*\d+\s*$', '', 'i'),
                '[^0-9+]', '', 'g'
            ) as s
    ),
    parts as (
        select left(s, 1) = '+' as has_plus, replace(s, '+', '') as digits from cleaned
    )
    select case
        when has_plus and length(digits) between 8 and 15 then '+' || digits
        when length(digits) = 10 then '+' || default_code || digits
        when length(digits) = 10 + length(default_code) and left(digits, length(default_code)) = default_code
            then '+' || digits
    end
    from parts
$fn$;

-- Luhn checksum of a digit string (card numbers).
create or replace function migration.luhn_valid(digits text) returns boolean
language sql immutable parallel safe
as $fn$
    select coalesce(
        sum(
            case
                when (length(digits) - i) % 2 = 1
                    then (substr(digits, i, 1)::int * 2) / 10 + (substr(digits, i, 1)::int * 2) % 10
                else substr(digits, i, 1)::int
            end
        ) % 10 = 0,
        false
    )
    from generate_series(1, length(digits)) as i
    where digits ~ '^[0-9]+$'
$fn$;

-- Every text, varchar, array and JSON column of every table and view of the target (outside the
-- foreign legacy schemas and the system), searched for 13-19 digit runs (spaces or dashes
-- allowed between digits; no letter or digit on either side, so tracking numbers, hex digests and
-- ids inside words are not runs) that pass the Luhn check: card numbers (PCI, issue 11).
create or replace function migration.find_card_numbers()
returns table (relation text, column_name text, card_like_values bigint)
language plpgsql
as $fn$
declare
    col record;
    hits bigint;
begin
    for col in
        select c.table_schema, c.table_name, c.column_name
        from information_schema.columns as c
        inner join information_schema.tables as t
            on t.table_schema = c.table_schema and t.table_name = c.table_name
        where t.table_type in ('BASE TABLE', 'VIEW')
          and c.table_schema not in ('pg_catalog', 'information_schema', 'legacy', 'legacy_rowcount')
          and c.table_schema not like 'pg\_%'
          and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
    loop
        execute format(
            'select count(*) from %I.%I as t
               cross join lateral regexp_matches(t.%I::text, %L, %L) as m
             where migration.luhn_valid(regexp_replace(m[1], %L, %L, %L))',
            col.table_schema, col.table_name, col.column_name,
            '(?<![0-9A-Za-z])([0-9](?:[ -]?[0-9]){12,18})(?![0-9A-Za-z])', 'g', '[^0-9]', '', 'g'
        ) into hits;
        if hits > 0 then
            relation := col.table_schema || '.' || col.table_name;
            column_name := col.column_name;
            card_like_values := hits;
            return next;
        end if;
    end loop;
end
$fn$;
{% endmacro %}
