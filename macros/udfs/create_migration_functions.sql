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
{% endmacro %}
