-- Functions the sync and the models share, created by every sync (idempotent). They live in
-- schema migration, are immutable, reference every object by its schema and run with a fixed
-- search_path.

-- text -> jsonb that never aborts a query: NULL when the text is not a JSON object or array
-- (issue 12). The exception block is a subtransaction, so the function is parallel unsafe.
create or replace function migration.try_jsonb(raw text) returns jsonb
language plpgsql immutable parallel unsafe
set search_path = pg_catalog, pg_temp
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
set search_path = pg_catalog, pg_temp
as $fn$
    with cleaned as (
        select
            pg_catalog.regexp_replace(
                pg_catalog.regexp_replace(
                    coalesce(raw, ''), '\s*(x|ext\.?|extension)\s*\d+\s*$', '', 'i'
                ),
                '[^0-9+]', '', 'g'
            ) as s
    ),
    parts as (
        select pg_catalog.left(s, 1) = '+' as has_plus, pg_catalog.replace(s, '+', '') as digits from cleaned
    )
    select case
        when has_plus and pg_catalog.length(digits) between 8 and 15 then '+' || digits
        when pg_catalog.length(digits) = 10 then '+' || default_code || digits
        when pg_catalog.length(digits) = 10 + pg_catalog.length(default_code)
            and pg_catalog.left(digits, pg_catalog.length(default_code)) = default_code
            then '+' || digits
    end
    from parts
$fn$;

-- Luhn checksum of a digit string.
create or replace function migration.luhn_valid(digits text) returns boolean
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $fn$
    select coalesce(
        sum(
            case
                when (pg_catalog.length(digits) - i) % 2 = 1
                    then (pg_catalog.substr(digits, i, 1)::int * 2) / 10
                        + (pg_catalog.substr(digits, i, 1)::int * 2) % 10
                else pg_catalog.substr(digits, i, 1)::int
            end
        ) % 10 = 0,
        false
    )
    from pg_catalog.generate_series(1, pg_catalog.length(digits)) as i
    where digits ~ '^[0-9]+$'
$fn$;

-- A digit string is a payment card number (PAN) when its issuer prefix and length are those of a
-- card scheme (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro) and it passes
-- the Luhn check. Phone numbers, dates, ids and amounts rarely have both.
create or replace function migration.is_pan(digits text) returns boolean
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $fn$
    select coalesce(
        case
            when digits !~ '^[0-9]{13,19}$' then false
            when digits ~ '^4' then pg_catalog.length(digits) in (13, 16, 19)
            when digits ~ '^(5[1-5]|222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)'
                then pg_catalog.length(digits) = 16
            when digits ~ '^3[47]' then pg_catalog.length(digits) = 15
            when digits ~ '^3(0[0-5]|[689])' then pg_catalog.length(digits) between 14 and 19
            when digits ~ '^35(2[89]|[3-8][0-9])' then pg_catalog.length(digits) between 16 and 19
            when digits ~ '^(6011|64[4-9]|65|62)' then pg_catalog.length(digits) between 16 and 19
            when digits ~ '^(5[06-9]|6[0-9])' then pg_catalog.length(digits) between 16 and 19
            else false
        end,
        false
    ) and migration.luhn_valid(digits)
$fn$;

-- The spellings of card numbers in a text, as people write them: 13-19 digits in one run, or in
-- the groups cards are printed in (4-4-4-4, 4-4-4-4-1..3, 4-4-4-1..3, 4-6-5, 4-6-4) separated by
-- a space or a dash; inside a longer run of digit groups (a card followed by its expiry, say)
-- every window of groups is tried. A run that touches a letter or a digit, or follows a '+'
-- (a phone number in international form), is not a card number. NULL when there is none.
create or replace function migration.card_numbers(raw text) returns text []
language plpgsql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $fn$
declare
    run text;
    grp text [];
    seps text [];
    found text [] := '{}';
    i int;
    j int;
    lens int [];
    pattern text;
    spelled text;
begin
    if raw is null or raw !~ '[0-9](?:[ -]?[0-9]){12}' then
        return null;
    end if;
    for run in
        select m[1]
        from regexp_matches(raw, '(?<![0-9A-Za-z+])([0-9]+(?:[ -][0-9]+)*)(?![0-9A-Za-z])', 'g') as m
        where m[1] ~ '[0-9](?:[ -]?[0-9]){12}'
    loop
        grp := regexp_split_to_array(run, '[ -]');
        seps := array(select s[1] from regexp_matches(run, '([ -])', 'g') as s);
        for i in 1 .. array_length(grp, 1) loop
            lens := '{}';
            for j in i .. least(i + 4, array_length(grp, 1)) loop
                lens := lens || length(grp[j]);
                pattern := array_to_string(lens, '-');
                if pattern ~ '^(1[3-9]|4-4-4-4|4-4-4-4-[1-3]|4-4-4-[1-3]|4-6-5|4-6-4)$'
                    and migration.is_pan(array_to_string(grp[i:j], '')) then
                    spelled := grp[i];
                    for k in i + 1 .. j loop
                        spelled := spelled || seps[k - 1] || grp[k];
                    end loop;
                    found := found || spelled;
                end if;
            end loop;
        end loop;
    end loop;
    return nullif(found, '{}');
end
$fn$;

-- The text with every card number masked: all digits but the last four become X.
create or replace function migration.mask_card_numbers(raw text) returns text
language plpgsql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $fn$
declare
    spelled text;
    masked text := raw;
begin
    foreach spelled in array coalesce(migration.card_numbers(raw), '{}') loop
        masked := replace(masked, spelled, regexp_replace(spelled, '[0-9](?=(?:[^0-9]*[0-9]){4})', 'X', 'g'));
    end loop;
    return masked;
end
$fn$;

-- The masked card numbers of a text that mask_card_numbers wrote (at least eight X, then the
-- last four digits): what a finding reports instead of the number.
create or replace function migration.masked_card_numbers(masked text) returns text []
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $fn$
    select array_agg(m[1])
    from pg_catalog.regexp_matches(masked, '(X(?:[ -]?X){8,}[ -]?[0-9]{4})(?![0-9])', 'g') as m
$fn$;

-- Every card number in any text, varchar, array or JSON column of any relation of the given
-- schemas (the target's check that nothing escaped the masking). Returns where, never the number.
create or replace function migration.find_card_numbers(schemas text [])
returns table (relation text, column_name text, rows_with_card_numbers bigint)
language plpgsql
set search_path = pg_catalog, pg_temp
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
          and c.table_schema = any(schemas)
          and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
    loop
        execute format(
            'select count(*) from %I.%I as t where t.%I::text ~ %L and migration.card_numbers(t.%I::text) is not null',
            col.table_schema, col.table_name, col.column_name, '[0-9](?:[ -]?[0-9]){12}', col.column_name
        ) into hits;
        if hits > 0 then
            relation := col.table_schema || '.' || col.table_name;
            column_name := col.column_name;
            rows_with_card_numbers := hits;
            return next;
        end if;
    end loop;
end
$fn$;

-- Used by the no_card_numbers test: instead of dbt's "Got N results", the failure names where
-- the card number is (relation, column, legacy id), never the number.
create or replace function migration.card_number_found(relation text, column_name text, legacy_id bigint)
returns boolean
language plpgsql
set search_path = pg_catalog, pg_temp
as $fn$
begin
    raise exception 'card number found in %.% (legacy id %); nothing may reach the target unmasked',
        relation, column_name, legacy_id;
end
$fn$;
