-- Framework for the synthetic legacy database.
-- Everything the generator owns lives in schema "synthetic" (never imported through the FDW).
-- The Python side creates synthetic.params(seed, scale) first, then runs this file and every
-- other file of this folder in name order, all in ONE transaction with
-- session_replication_role = replica (FK triggers off); 99_finalize.sql then validates every
-- enforced foreign key set-based from the catalog.
--
-- Conventions every generator file follows:
--   * ids are 1..synthetic.n('<table>'), inserted explicitly from generate_series;
--   * randomness only from synthetic.u(salt, id) (a hash of seed, salt and id): no random(),
--     no now(), no clock: same seed + scale => byte-identical data;
--   * every salt literal is unique across the files (use <file number> * 1000 + k);
--   * every injected data-quality issue is recorded in synthetic.anomalies.

create table synthetic.counts (
    table_name text primary key,
    production_rows bigint not null,
    sizing text not null check (sizing in ('scaled', 'fixed', 'capped')),
    cap bigint,
    n bigint
);

-- production row counts from the fixture README; 'fixed' = reference data, same at every scale;
-- 'capped' = excluded system tables, scaled then capped.
insert into synthetic.counts (table_name, production_rows, sizing, cap) values
('auth_user', 9117, 'scaled', null),
('auth_group', 14, 'fixed', null),
('auth_permission', 310, 'fixed', null),
('auth_group_permissions', 640, 'fixed', null),
('auth_user_groups', 9400, 'scaled', null),
('auth_user_user_permissions', 180, 'scaled', null),
('django_content_type', 78, 'fixed', null),
('django_admin_log', 61000, 'capped', 20000),
('django_migrations', 430, 'fixed', null),
('django_session', 27000, 'capped', 10000),
('dispatch_country', 249, 'fixed', null),
('dispatch_address', 2400, 'scaled', null),
('dispatch_office', 504, 'scaled', null),
('dispatch_office_doctors', 1213, 'scaled', null),
('dispatch_usersetting', 9113, 'scaled', null),
('dispatch_role', 48, 'fixed', null),
('dispatch_role_permissions', 1346, 'fixed', null),
('dispatch_product_roles', 31, 'fixed', null),
('dispatch_globalsetting', 5, 'fixed', null),
('dispatch_tag', 40, 'fixed', null),
('dispatch_patient', 7856, 'scaled', null),
('dispatch_patient_tags', 5300, 'scaled', null),
('dispatch_milestone', 30907, 'scaled', null),
('dispatch_instruction', 23272, 'scaled', null),
('dispatch_instruction_products', 25900, 'scaled', null),
('dispatch_plan', 67782, 'scaled', null),
('dispatch_project', 66918, 'scaled', null),
('dispatch_jaw', 39771, 'scaled', null),
('dispatch_bracket', 1569, 'fixed', null),
('dispatch_shipment', 24600, 'scaled', null),
('dispatch_courier', 6, 'fixed', null),
('dispatch_state', 5464, 'scaled', null),
('dispatch_file', 306858, 'scaled', null),
('dispatch_message', 16165, 'scaled', null),
('dispatch_message_attachments', 8703, 'scaled', null),
('dispatch_doctornote', 8900, 'scaled', null),
('dispatch_record', 60976, 'scaled', null),
('dispatch_record_attachments', 0, 'fixed', null),
('dispatch_comment', 783, 'scaled', null),
('dispatch_template', 65, 'fixed', null),
('dispatch_tasktype', 38, 'fixed', null),
('dispatch_task', 768962, 'scaled', null),
('dispatch_category', 24, 'fixed', null),
('dispatch_notification', 2039588, 'scaled', null),
('dispatch_feedback', 21595, 'scaled', null),
('dispatch_product', 10, 'fixed', null),
('dispatch_price', 120, 'fixed', null),
('dispatch_offer', 788, 'fixed', null),
('dispatch_discount', 151, 'fixed', null),
('dispatch_coupon', 430, 'scaled', null),
('dispatch_purchase', 3701, 'scaled', null),
('dispatch_purchaseitem', 5800, 'scaled', null),
('dispatch_operation', 3720, 'scaled', null),
('dispatch_payment', 16011, 'scaled', null),
('dispatch_invoice', 3750, 'scaled', null),
('dispatch_apitoken', 140, 'scaled', null),
('dispatch_passwordreset', 12500, 'capped', 5000),
('dispatch_emailqueue', 1850000, 'capped', 100000),
('dispatch_smslog', 190000, 'capped', 50000),
('dispatch_auditlog', 5400000, 'capped', 200000),
('dispatch_importjob', 50, 'fixed', null),
('dispatch_holiday', 110, 'fixed', null),
('dispatch_userdevice', 3100, 'scaled', null);

-- scaled tables keep at least 5 rows so that every anomaly can be injected at small scales.
update synthetic.counts as c
set n = case
    when c.sizing = 'fixed' then c.production_rows
    when c.sizing = 'capped' then least(c.cap, greatest(5, round(c.production_rows * p.scale)))
    else greatest(5, round(c.production_rows * p.scale))
end
from synthetic.params as p;

create table synthetic.anomalies (
    table_name text not null,
    legacy_id bigint not null,
    issue smallint not null check (issue between 1 and 20),
    kind text not null,
    column_name text not null default '',
    expected text,
    primary key (table_name, legacy_id, issue, kind, column_name)
);

comment on table synthetic.anomalies is
'Every data-quality issue (fixture README #1-#19, #20: shapes of real data, docs/synthetic-anomalies.md) the generator injected: table, legacy id, issue, '
'sub-kind, column, and the value a correct migration should produce where one is known.';

create function synthetic.n(tbl text) returns bigint
language sql stable parallel safe
as $$ select n from synthetic.counts where table_name = tbl $$;

-- number of anomalies to inject: rate * rows, at least one.
create function synthetic.k(tbl text, rate float8) returns bigint
language sql stable parallel safe
as $$ select greatest(1, round(n * rate))::bigint from synthetic.counts where table_name = tbl $$;

do $$
declare
    s bigint := (select seed from synthetic.params);
begin
    -- uniform [0, 1) from (seed, salt, id); 53 bits of a 64-bit hash.
    execute format($f$
        create function synthetic.u(salt int, id bigint) returns float8
        language sql immutable parallel safe
        as 'select (hashint8extended(id, %s::bigint * 1000003 + salt) & 9007199254740991)::float8
                   / 9007199254740992.0'
    $f$, s);
end
$$;

-- integer in 1..n
create function synthetic.pick(salt int, id bigint, n bigint) returns bigint
language sql immutable parallel safe
as $$ select 1 + floor(synthetic.u(salt, id) * n)::bigint $$;

-- true with probability p
create function synthetic.chance(salt int, id bigint, p float8) returns boolean
language sql immutable parallel safe
as $$ select synthetic.u(salt, id) < p $$;

-- timestamptz uniformly between lo and hi
create function synthetic.ts(salt int, id bigint, lo timestamptz, hi timestamptz)
returns timestamptz
language sql immutable parallel safe
as $$ select lo + (hi - lo) * synthetic.u(salt, id) $$;

-- one element of a text array
create function synthetic.one_of(salt int, id bigint, items text[]) returns text
language sql immutable parallel safe
as $$ select items[synthetic.pick(salt, id, cardinality(items))] $$;

create function synthetic.first_name(salt int, id bigint) returns text
language sql immutable parallel safe
as $$ select synthetic.one_of(salt, id, array[
    'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William',
    'Elizabeth', 'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah',
    'Charles', 'Karen', 'Christopher', 'Nancy', 'Daniel', 'Lisa', 'Matthew', 'Betty', 'Anthony',
    'Margaret', 'Mark', 'Sandra', 'Donald', 'Ashley', 'Steven', 'Kimberly', 'Paul', 'Emily',
    'Andrew', 'Donna', 'Joshua', 'Michelle', 'Kenneth', 'Carol', 'Kevin', 'Amanda', 'Brian',
    'Dorothy', 'George', 'Melissa', 'Timothy', 'Deborah', 'José', 'María', 'Wei', 'Priya',
    'Aisha', 'Mateo', 'Sofia', 'Liam', 'Chloé', 'Noah', 'Zoë', 'Ethan', 'Olivia', 'Ravi'
]) $$;

create function synthetic.last_name(salt int, id bigint) returns text
language sql immutable parallel safe
as $$ select synthetic.one_of(salt, id, array[
    'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez',
    'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor',
    'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez',
    'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright',
    'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall',
    'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'O''Brien', 'Patel', 'Kim', 'Chen',
    'Müller', 'Dubois', 'Rossi', 'Kowalski', 'Cohen', 'Okafor'
]) $$;

-- a US-style phone in one of the free-text shapes seen in production (issue 14); digits are
-- 555-01xx-xxxx style fictional numbers. synthetic.phone_e164 gives the normalised value a
-- correct migration should produce for the same (salt, id), or NULL when none is recoverable.
create function synthetic.phone_digits(salt int, id bigint) returns text
language sql immutable parallel safe
as $$ select '555' || lpad((100 + synthetic.pick(salt + 1, id, 99))::text, 3, '0')
                   || lpad((synthetic.pick(salt + 2, id, 10000) - 1)::text, 4, '0') $$;

create function synthetic.phone(salt int, id bigint) returns text
language sql immutable parallel safe
as $$
    with d as (select synthetic.phone_digits(salt, id) as x, synthetic.u(salt, id) as r)
    select case
        when r < 0.15 then ''
        when r < 0.35 then '(' || substr(x, 1, 3) || ') ' || substr(x, 4, 3) || '-' || substr(x, 7)
        when r < 0.50 then substr(x, 1, 3) || '.' || substr(x, 4, 3) || '.' || substr(x, 7)
        when r < 0.60 then substr(x, 1, 3) || '.' || substr(x, 4, 3) || '.' || substr(x, 7)
                           || ' x' || (10 + synthetic.pick(salt + 3, id, 89))::text
        when r < 0.75 then '+1 ' || substr(x, 1, 3) || ' ' || substr(x, 4)
        when r < 0.85 then x
        when r < 0.92 then '1-' || substr(x, 1, 3) || '-' || substr(x, 4, 3) || '-' || substr(x, 7)
        when r < 0.97 then 'cell: ' || substr(x, 1, 3) || '-' || substr(x, 4, 3) || '-' || substr(x, 7)
        else 'ask front desk'
    end
    from d
$$;

create function synthetic.phone_e164(salt int, id bigint) returns text
language sql immutable parallel safe
as $$
    select case
        when synthetic.u(salt, id) < 0.15 or synthetic.u(salt, id) >= 0.97 then null
        else '+1' || synthetic.phone_digits(salt, id)
    end
$$;

-- reference instant: the generated data never depends on the clock.
create function synthetic.epoch_start() returns timestamptz
language sql immutable as $$ select timestamptz '2015-01-05 14:00:00+00' $$;

create function synthetic.epoch_end() returns timestamptz
language sql immutable as $$ select timestamptz '2025-10-01 16:00:00+00' $$;
