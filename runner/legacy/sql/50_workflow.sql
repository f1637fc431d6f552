-- Workflow tables: dispatch_category, dispatch_tasktype, dispatch_task.
-- Also the small helper functions (prefix synthetic.ops_) shared by files 50-89.
-- Salts: 50001-50999. Time arithmetic uses seconds-only intervals (never '1 day') and formats
-- timestamps with an explicit zone, so the data does not depend on the session TimeZone.
-- Helpers whose body uses timestamptz arithmetic are declared stable, not immutable: a SQL
-- function is only inlined when its body is no more volatile than declared (an immutable
-- declaration over a stable body costs a function call per row, ~10x slower).

-- ---------------------------------------------------------------------------------------------
-- helpers
-- ---------------------------------------------------------------------------------------------

-- len (<= 65) hex digits from (salt .. salt + 4, id): reserve 5 consecutive salts per call site.
create function synthetic.ops_hex(salt int, id bigint, len int) returns text
language sql immutable parallel safe
as $$
    select left(
        lpad(to_hex(floor(synthetic.u(salt, id) * 4503599627370496)::bigint), 13, '0')
        || case when len > 13 then lpad(to_hex(floor(synthetic.u(salt + 1, id) * 4503599627370496)::bigint), 13, '0') else '' end
        || case when len > 26 then lpad(to_hex(floor(synthetic.u(salt + 2, id) * 4503599627370496)::bigint), 13, '0') else '' end
        || case when len > 39 then lpad(to_hex(floor(synthetic.u(salt + 3, id) * 4503599627370496)::bigint), 13, '0') else '' end
        || case when len > 52 then lpad(to_hex(floor(synthetic.u(salt + 4, id) * 4503599627370496)::bigint), 13, '0') else '' end,
        len)
$$;

-- len (<= 43) mixed-case alphanumerics (base64 without '+/='), from salts salt .. salt + 4.
create function synthetic.ops_b64(salt int, id bigint, len int) returns text
language sql immutable parallel safe
as $$
    select left(translate(encode(decode(synthetic.ops_hex(salt, id, 64), 'hex'), 'base64'),
                          '+/=', 'kQz'), len)
$$;

-- Luhn check digit for a string of digits (the PAN without its last digit).
create function synthetic.ops_luhn_digit(payload text) returns int
language sql immutable parallel safe
as $$
    select ((10 - sum(case when k % 2 = 1 then (2 * x) / 10 + (2 * x) % 10 else x end) % 10) % 10)::int
    from (
        select k, substr(payload, length(payload) - k + 1, 1)::int as x
        from generate_series(1, length(payload)) as k
    ) as digits
$$;

-- 'dst_gap' when a naive America/New_York wall-clock time does not exist, 'dst_ambiguous' when
-- it exists twice (the repeated hour in November), else NULL.
create function synthetic.ops_dst_kind(t timestamp) returns text
language sql stable parallel safe
as $$
    select case
        -- cheap pre-check: only 01:xx-02:xx in March and November can be affected
        when date_part('hour', t) not in (1, 2) or date_part('month', t) not in (3, 11) then null
        when (t at time zone 'America/New_York') at time zone 'America/New_York' <> t then 'dst_gap'
        when ((t at time zone 'America/New_York') - interval '1 hour') at time zone 'America/New_York' = t
          or ((t at time zone 'America/New_York') + interval '1 hour') at time zone 'America/New_York' = t
            then 'dst_ambiguous'
    end
$$;

-- US DST change dates between epoch_start and epoch_end, numbered per kind in time order:
-- 'dst_gap' = second Sunday of March (02:00-03:00 does not exist),
-- 'dst_ambiguous' = first Sunday of November (01:00-02:00 happens twice).
create function synthetic.ops_dst_dates()
returns table (kind text, day date, ord bigint)
language sql immutable parallel safe
as $$
    with d as (
        select 'dst_gap' as kind,
               make_date(y, 3, 1) + (7 - extract(dow from make_date(y, 3, 1))::int) % 7 + 7 as day
        from generate_series(2015, 2025) as y
        union all
        select 'dst_ambiguous',
               make_date(y, 11, 1) + (7 - extract(dow from make_date(y, 11, 1))::int) % 7
        from generate_series(2015, 2025) as y
    )
    select kind, day, row_number() over (partition by kind order by day)
    from d
    where day > (synthetic.epoch_start() at time zone 'UTC')::date
      and day < (synthetic.epoch_end() at time zone 'UTC')::date
$$;

-- the i-th of n rows spread over [lo, hi] with growth: density rises with time when p < 1.
-- jitter in (-0.5, 0.5) keeps the order of ids and times monotonic.
create function synthetic.ops_when(i bigint, n bigint, jitter float8, lo timestamptz,
                                   hi timestamptz, p float8)
returns timestamptz
language sql stable parallel safe
as $$
    select lo + interval '1 second'
        * (extract(epoch from hi - lo)::float8
           * power(least(greatest((i::float8 - 0.5 + jitter) / n, 0.0), 1.0), p))
$$;

-- inverse of ops_when (jitter 0): the row index whose time is closest to t.
create function synthetic.ops_row_at(t timestamptz, n bigint, lo timestamptz, hi timestamptz,
                                     p float8)
returns bigint
language sql immutable parallel safe
as $$
    select greatest(1, least(n, round(n * power(greatest(extract(epoch from t - lo)::float8, 0.0)
                                                  / extract(epoch from hi - lo)::float8, 1.0 / p)
                                     + 0.5)))::bigint
$$;

-- rows of a table of n rows (times spread over [t0, t1] with growth p, as ops_when) to place
-- issue-15 DST anomalies on: at most k per kind, evenly over the DST change dates after t0, one
-- row per date (the row whose time falls at noon of that date).
create function synthetic.ops_dst_rows(n bigint, k bigint, t0 timestamptz, t1 timestamptz, p float8)
returns table (row_id bigint, kind text, day date)
language sql stable parallel safe
as $$
    select distinct on (x.row_id) x.row_id, x.kind, x.day
    from (
        select d.kind, d.day,
               synthetic.ops_row_at((d.day + time '12:00')::timestamp at time zone 'America/New_York',
                                    n, t0, t1, p) as row_id
        from synthetic.ops_dst_dates() as d
        inner join (select kind, count(*) as c from synthetic.ops_dst_dates() group by kind) as c on c.kind = d.kind
        where d.day > (t0 at time zone 'UTC')::date
          and d.ord in (select ceil(j * c.c / least(k, c.c)::float8) from generate_series(1, least(k, c.c)) as j)
    ) as x
    order by x.row_id, x.kind
$$;

-- the instant at fraction f of the way from a to b (seconds-based, time-zone independent)
create function synthetic.ops_frac(a timestamptz, b timestamptz, f float8) returns timestamptz
language sql stable parallel safe
as $$ select a + interval '1 second' * (extract(epoch from b - a)::float8 * f) $$;

-- the id among 1..m at the same relative position as row g of n (ids grow with time), give or
-- take spread: "an object of about the same age"
create function synthetic.ops_near(salt int, g bigint, n bigint, m bigint, spread int) returns int
language sql immutable parallel safe
as $$
    select greatest(1, least(m, round(m * (g::float8 - 0.5) / n)::bigint
                                + synthetic.pick(salt, g, 2 * spread + 1) - spread - 1))::int
$$;

-- stratified sampling of exactly k of n rows: the j-th stratum (1..k) holds rows
-- (j-1)*n/k+1 .. j*n/k (integer division) and contributes one random row of it. ops_picked says
-- whether row g is the pick of its stratum, without a join.
create function synthetic.ops_stratum_pick(salt int, j bigint, n bigint, k bigint) returns bigint
language sql immutable parallel safe
as $$
    select (j - 1) * n / k + 1 + floor(synthetic.u(salt, j) * (j * n / k - (j - 1) * n / k))::bigint
$$;

create function synthetic.ops_picked(salt int, g bigint, n bigint, k bigint) returns boolean
language sql immutable parallel safe
as $$ select g = synthetic.ops_stratum_pick(salt, (g * k + n - 1) / n, n, k) $$;

-- seconds as an interval (absolute, unlike '1 day' which follows the session time zone)
create function synthetic.ops_secs(s float8) returns interval
language sql immutable parallel safe
as $$ select interval '1 second' * s $$;

-- JSON-style UTC timestamp as json.dumps(dt.isoformat()) would write it
create function synthetic.ops_iso(t timestamptz) returns text
language sql stable parallel safe
as $$ select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"') $$;

-- user pools (ids in order): lab staff, and doctors (users linked to an office); all users when
-- the other generator files have not filled those tables. Use once per statement in a
-- materialized CTE and index with pick(): pool[synthetic.pick(salt, id, cardinality(pool))].
create function synthetic.ops_staff_ids() returns int[]
language sql stable
as $$
    select coalesce((select array_agg(id order by id) from auth_user where is_staff),
                    (select array_agg(g::int order by g) from generate_series(1, synthetic.n('auth_user')) as g))
$$;

create function synthetic.ops_doctor_ids() returns int[]
language sql stable
as $$
    select coalesce((select array_agg(distinct user_id order by user_id) from dispatch_office_doctors),
                    (select array_agg(g::int order by g) from generate_series(1, synthetic.n('auth_user')) as g))
$$;

-- ---------------------------------------------------------------------------------------------
-- dispatch_category: a fixed classification tree, kind 1 = task types, kind 2 = products.
-- ---------------------------------------------------------------------------------------------
insert into dispatch_category (id, name, slug, parent_id, kind, sort_order)
select g, c.name, c.slug || case when g > 24 then '-' || g else '' end,
       case when c.parent_id < g then c.parent_id end, c.kind, c.sort_order
from generate_series(1, synthetic.n('dispatch_category')) as g
inner join (values
    (1, 'Digital', 'digital', null, 1, 10),
    (2, 'Scan processing', 'scan-processing', 1, 1, 11),
    (3, 'Treatment planning', 'treatment-planning', 1, 1, 12),
    (4, 'Quality control', 'quality-control', null, 1, 20),
    (5, 'Production', 'production', null, 1, 30),
    (6, '3D printing', '3d-printing', 5, 1, 31),
    (7, 'Thermoforming', 'thermoforming', 5, 1, 32),
    (8, 'Finishing', 'finishing', 5, 1, 33),
    (9, 'Logistics', 'logistics', null, 1, 40),
    (10, 'Shipping', 'shipping', 9, 1, 41),
    (11, 'Customer service', 'customer-service', null, 1, 50),
    (12, 'Administration', 'administration', null, 1, 60),
    (13, 'Records review', 'records-review', 11, 1, 51),
    (14, 'Aligners', 'aligners', null, 2, 10),
    (15, 'Full treatment', 'full-treatment', 14, 2, 11),
    (16, 'Limited treatment', 'limited-treatment', 14, 2, 12),
    (17, 'Refinements', 'refinements', 14, 2, 13),
    (18, 'Retainers', 'retainers', null, 2, 20),
    (19, 'Retainer sets', 'retainer-sets', 18, 2, 21),
    (20, 'Replacements', 'replacements', null, 2, 30),
    (21, 'Accessories', 'accessories', null, 2, 40),
    (22, 'Services', 'services', null, 2, 50),
    (23, 'Rush services', 'rush-services', 22, 2, 51),
    (24, 'Diagnostics', 'diagnostics', 22, 2, 52)
) as c (id, name, slug, parent_id, kind, sort_order) on c.id = (g - 1) % 24 + 1;

-- ---------------------------------------------------------------------------------------------
-- dispatch_tasktype: 38 fixed kinds of lab work; role_id from the staff roles of dispatch_role.
-- ---------------------------------------------------------------------------------------------
with staff_role as (
    select row_number() over (order by id) as rn, id from dispatch_role where is_staff_role
    union all
    select g, g from generate_series(1, synthetic.n('dispatch_role')) as g
    where not exists (select from dispatch_role where is_staff_role)
),
staff_role_n as (select count(*) as c from staff_role)
insert into dispatch_tasktype (id, name, code, category_id, role_id, sla_hours, default_duration,
                               sort_order, is_active)
select g, t.name, t.code || case when g > 38 then '_' || g else '' end,
       least(t.category_id, synthetic.n('dispatch_category')),
       r.id, t.sla_hours, synthetic.ops_secs(t.minutes * 60.0), 10 * ((g - 1) % 38 + 1), t.is_active
from generate_series(1, synthetic.n('dispatch_tasktype')) as g
inner join (values
    (1, 'Records check', 'records_check', 13, 24, 20, true),
    (2, 'Scan import', 'scan_import', 2, 24, 10, true),
    (3, 'Scan clean-up', 'scan_cleanup', 2, 24, 25, true),
    (4, 'Bite alignment', 'bite_alignment', 2, 24, 15, true),
    (5, 'Segmentation', 'segmentation', 2, 48, 45, true),
    (6, 'Tooth labelling', 'tooth_labeling', 2, 48, 10, true),
    (7, 'Gingiva generation', 'gingiva_generation', 3, 48, 10, false),
    (8, 'Setup', 'setup', 3, 72, 90, true),
    (9, 'Staging', 'setup_staging', 3, 72, 40, true),
    (10, 'Attachment design', 'attachments', 3, 72, 20, true),
    (11, 'IPR planning', 'ipr_planning', 3, 72, 15, true),
    (12, 'Setup review', 'setup_review', 4, 24, 20, true),
    (13, 'Plan publishing', 'plan_publish', 3, 8, 5, true),
    (14, 'Awaiting doctor approval', 'doctor_approval', 11, 168, 0, true),
    (15, 'Plan modification', 'modification', 3, 48, 60, true),
    (16, 'Model export', 'model_export', 6, 24, 10, true),
    (17, 'Print preparation', 'print_prep', 6, 24, 20, true),
    (18, '3D printing', 'printing', 6, 24, 240, true),
    (19, 'Washing and curing', 'print_wash', 6, 24, 45, true),
    (20, 'Thermoforming', 'thermoforming', 7, 24, 60, true),
    (21, 'Laser marking', 'laser_marking', 7, 24, 15, true),
    (22, 'Trimming', 'trimming', 8, 24, 60, true),
    (23, 'Polishing', 'polishing', 8, 24, 30, true),
    (24, 'Aligner QC', 'qc_aligners', 4, 24, 30, true),
    (25, 'Final QC', 'qc_final', 4, 24, 20, true),
    (26, 'Bagging and labelling', 'bagging', 8, 24, 20, true),
    (27, 'Packing', 'packing', 10, 24, 15, true),
    (28, 'Shipping label', 'label_print', 10, 8, 5, true),
    (29, 'Hand-off to courier', 'shipping', 10, 24, 5, true),
    (30, 'Retainer fabrication', 'retainer_fabrication', 7, 48, 90, true),
    (31, 'Remake', 'remake', 5, 48, 120, true),
    (32, 'Doctor call', 'doctor_call', 11, 24, 15, true),
    (33, 'Invoice review', 'invoice_review', 12, 48, 10, true),
    (34, 'Data entry', 'data_entry', 12, 48, 15, true),
    (35, 'Equipment maintenance', 'equipment_maintenance', 5, null, 60, true),
    (36, 'Inventory count', 'inventory_count', 12, null, 120, true),
    (37, 'Training', 'training', 12, null, 240, true),
    (38, 'Manual step (legacy)', 'legacy_manual_step', 12, null, 30, false)
) as t (id, name, code, category_id, sla_hours, minutes, is_active) on t.id = (g - 1) % 38 + 1
cross join staff_role_n
left join staff_role as r on r.rn = synthetic.pick(50001, g, staff_role_n.c);

-- ---------------------------------------------------------------------------------------------
-- dispatch_task: ~33 tasks per instruction, following the lab workflow over a few weeks.
-- Instructions get blocks of random size (some get none); ids are assigned in created order.
-- 2% internal tasks (instruction_id NULL), task_type_id NULL before 2016.
-- Issue 2: orphan_instruction = the task's instruction is an issue-1 orphan (whatever falls on
--          them), missing_instruction = runs of ~33 tasks of hard-deleted instructions
--          (ids > n(dispatch_instruction)), exactly k(0.002) rows.
-- Issue 19: modified_not_bumped = k(0.01) stale open tasks whose priority the nightly overdue
--          escalation raised to 2 (rush) with QuerySet.update(): modified < due_at.
-- ---------------------------------------------------------------------------------------------
-- the plan of every task slot, numbered in created order (narrow; the insert and the
-- anomaly records both read it)
create temp table ops_task as
with
cfg as materialized (
    select synthetic.n('dispatch_task') as nt,
           synthetic.n('dispatch_instruction') as ni,
           synthetic.k('dispatch_task', 0.002) as k_missing,
           synthetic.k('dispatch_task', 0.01) as k_stale,
           synthetic.epoch_start() as t0,
           synthetic.epoch_end() as t1
),
-- one block of task slots per instruction, random weight => random size (some get none);
-- drafts (never submitted) get no tasks
w as (
    select i, case when ins.id is not null and ins.submitted_at is null then 0
                   else 0.25 + 1.5 * synthetic.u(50010, i) end as w
    from cfg
    cross join generate_series(1, cfg.ni) as i
    left join dispatch_instruction as ins on ins.id = i
),
cum as (
    select i, sum(w) over (order by i) / sum(w) over () as c from w
),
blk as (
    select cum.i, coalesce(lag(round(cfg.nt * cum.c)) over (order by cum.i), 0)::bigint + 1 as lo,
           round(cfg.nt * cum.c)::bigint as hi
    from cum, cfg
),
proj as (
    select instruction_id, min(id) as first_project, max(id) as last_project
    from dispatch_project group by instruction_id
),
-- the work on an instruction starts when it is submitted and proceeds in steps of 12-28 hours,
-- squeezed so that it ends before epoch_end
blk_t as (
    select b.i, b.lo, b.hi, b.t_base,
           least(synthetic.ops_secs(3600 * (12 + 16 * synthetic.u(50011, b.i))),
                 synthetic.ops_secs(extract(epoch from cfg.t1 - b.t_base)::float8 / greatest(b.hi - b.lo + 2, 2))) as step,
           p.first_project, p.last_project
    from (
        select blk.*, coalesce(ins.submitted_at, ins.created,
                               synthetic.ops_when(blk.i, cfg.ni, 0, cfg.t0, cfg.t1 - interval '20 hours', 0.8)) as t_base
        from blk
        cross join cfg
        left join dispatch_instruction as ins on ins.id = blk.i
    ) as b
    cross join cfg
    left join proj as p on p.instruction_id = b.i
    where b.hi >= b.lo
),
-- runs of tasks whose instruction was hard-deleted: exactly k_missing slots in m runs of <= 33
runs as (
    select j, ceil(cfg.k_missing / 33.0)::bigint as m,
           case when j < ceil(cfg.k_missing / 33.0) then 33
                else cfg.k_missing - 33 * (ceil(cfg.k_missing / 33.0)::bigint - 1) end as len
    from cfg, generate_series(1, ceil(cfg.k_missing / 33.0)::bigint) as j
),
missing as (
    select r.j, s.v
    from runs as r
    cross join cfg
    cross join lateral (
        select floor((r.j - 1) * cfg.nt / r.m::float8
                     + synthetic.u(50012, r.j) * greatest(cfg.nt / r.m::float8 - r.len, 0))::bigint + 1 as start
    ) as st
    cross join lateral generate_series(st.start, st.start + r.len - 1) as s (v)
),
-- stale tasks escalated without bumping modified: one per stratum
stale as (
    select synthetic.ops_stratum_pick(50013, j, cfg.nt, cfg.k_stale) as v
    from cfg, generate_series(1, cfg.k_stale) as j
),
slot as (
    select v.v, v.v - b.lo as pos, b.first_project, b.last_project,
           greatest(b.t_base,
                    least(b.t_base + b.step * (v.v - b.lo) + synthetic.ops_secs(14400 * synthetic.u(50014, v.v)),
                          cfg.t1 - synthetic.ops_secs(60 + 7200 * synthetic.u(50015, v.v)))) as created,
           case when m.j is not null then cfg.ni + m.j
                when synthetic.chance(50016, v.v, 0.02) then null
                else b.i end as instruction_id,
           (m.j is not null) as is_missing,
           (m.j is null and synthetic.chance(50016, v.v, 0.02)) as is_internal,
           (s.v is not null) as is_stale
    from blk_t as b
    cross join cfg
    cross join lateral generate_series(b.lo, b.hi) as v (v)
    left join missing as m on m.v = v.v
    left join stale as s on s.v = v.v
)
select row_number() over (order by created, v) as id, slot.*
from slot;

-- dispatch_task rows: type from the workflow position, status from age, times from the type's
-- SLA and duration. Non-stale open rush tasks were saved after their due time (modified >=
-- due_at), so "open, rush, overdue, modified < due_at" marks exactly the issue-19 rows.
with
pool as materialized (select synthetic.ops_staff_ids() as staff),
cfg as materialized (
    select synthetic.epoch_end() as t1,
           (select count(*) from dispatch_tasktype) as n_types,
           -- the lab workflow of one instruction, as ids of the task types above
           array[1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 12, 13, 14, 16, 17, 18, 19, 20,
                 21, 22, 23, 24, 25, 26, 27, 28, 29, 32, 33] as flow
),
t as (
    select o.*, cfg.t1,
           case
               when o.created < timestamptz '2016-01-01 05:00:00+00' then null
               when o.is_internal then least(cfg.n_types, synthetic.one_of(50017, o.v, array['34', '35', '36', '37', '31'])::int)
               else least(cfg.n_types, cfg.flow[o.pos % 33 + 1])
           end as task_type_id,
           case when not o.is_missing and not o.is_internal then
               case when cfg.flow[o.pos % 33 + 1] between 8 and 15 then o.first_project
                    when cfg.flow[o.pos % 33 + 1] between 16 and 18 then o.last_project end
           end as project_id,
           synthetic.u(50018, o.v) as r_status,
           extract(epoch from cfg.t1 - o.created)::float8 / 86400 as age_days
    from ops_task as o cross join cfg
),
t2 as (
    select t.*, tt.sla_hours, coalesce(extract(epoch from tt.default_duration)::float8, 1800) as dur_secs,
           case
               when t.is_stale then synthetic.one_of(50019, t.v, array['0', '1', '1', '3', '3', '2'])::smallint
               when t.age_days > 45 then case when t.r_status < 0.90 then 4 when t.r_status < 0.95 then 6 else 5 end
               when t.r_status < 0.35 then 4
               when t.r_status < 0.50 then 2
               when t.r_status < 0.60 then 3
               when t.r_status < 0.75 then 1
               when t.r_status < 0.90 then 0
               when t.r_status < 0.95 then 5
               else 6
           end::smallint as status,
           case when t.is_stale then 2
                else case when synthetic.u(50027, t.v) < 0.85 then 0
                          when synthetic.u(50027, t.v) < 0.95 then 1 else 2 end
           end::smallint as priority
    from t left join dispatch_tasktype as tt on tt.id = t.task_type_id
),
t3 as (
    select t2.*,
           case when t2.is_stale then
                    -- due before now, last save well before due
                    synthetic.ops_frac(t2.created, t2.t1, 0.2 + 0.3 * synthetic.u(50020, t2.v))
                when synthetic.chance(50021, t2.v, 0.08) then null
                else t2.created + synthetic.ops_secs(3600 * coalesce(t2.sla_hours, 48))
           end as due_at,
           case when t2.status in (2, 3, 4, 5) or (t2.status = 6 and synthetic.chance(50022, t2.v, 0.5))
                then least(t2.created + synthetic.ops_secs(60 + 3600 * 6 * power(synthetic.u(50023, t2.v), 2)),
                           t2.t1 - synthetic.ops_secs(30))
           end as started_at
    from t2
),
t4 as (
    select t3.*,
           case when t3.status in (4, 5, 6) and t3.started_at is not null
                    then least(t3.started_at + synthetic.ops_secs(t3.dur_secs * (0.5 + 1.5 * synthetic.u(50024, t3.v)) + 30),
                               t3.t1 - synthetic.ops_secs(10))
                when t3.status = 6 then least(t3.created + synthetic.ops_secs(3600 * 24 * synthetic.u(50024, t3.v) + 60),
                                              t3.t1 - synthetic.ops_secs(10))
           end as finished_at
    from t3
),
t5 as (
    select t4.*,
           case
               when t4.is_stale
                   then synthetic.ops_frac(t4.created, t4.due_at, 0.05 + 0.5 * synthetic.u(50025, t4.v))
               -- an open rush task past due was saved by hand after its due time
               when t4.status in (0, 1, 2, 3) and t4.priority = 2 and t4.due_at < t4.t1
                   then least(greatest(t4.created, t4.started_at, t4.due_at)
                              + synthetic.ops_secs(1 + 3600 * synthetic.u(50026, t4.v)), t4.t1)
               else least(greatest(t4.created, coalesce(t4.finished_at, t4.started_at, t4.created))
                          + synthetic.ops_secs(1 + 20 * synthetic.u(50026, t4.v)), t4.t1)
           end as modified
    from t4
)
insert into dispatch_task (id, instruction_id, task_type_id, assigned_to_id, created_by_id, status,
                           priority, due_at, started_at, finished_at, note, result, created,
                           modified, project_id)
select t5.id, t5.instruction_id, t5.task_type_id,
       case when t5.status <> 0 then pool.staff[synthetic.pick(50044, t5.v, cardinality(pool.staff))] end,
       case when synthetic.chance(50028, t5.v, 0.35) then pool.staff[synthetic.pick(50045, t5.v, cardinality(pool.staff))] end,
       t5.status, t5.priority, t5.due_at, t5.started_at, t5.finished_at,
       case when synthetic.chance(50029, t5.v, 0.9) then ''
            else synthetic.one_of(50030, t5.v, array[
                'Rush per doctor request.',
                'Upper scan has a void on the distal of 27, used the bite scan to patch.',
                'Check lower anterior crowding before staging.',
                'Doctor wants no attachments on the upper incisors.',
                'Printer 2 jammed, reprinted the batch on printer 4.',
                'Patient has a bridge 14-16, keep as one unit.',
                'Returned: segmentation missed a partially erupted 37.',
                'Trim line 2 mm above the gingival margin per office preferences.',
                'Waiting for a new lower impression.',
                'Combine with the refinement shipment.',
                'IPR 0.3 mm between 32 and 31 requested by doctor.',
                'Called the office, left a message with the front desk.'])
       end,
       case
           when t5.status <> 4 or t5.task_type_id is null then ''
           when t5.task_type_id in (12, 24, 25) then
               '{"passed": ' || case when synthetic.chance(50031, t5.v, 0.93) then 'true' else 'false' end
               || ', "checklist": {"trim_line": ' || case when synthetic.chance(50032, t5.v, 0.97) then 'true' else 'false' end
               || ', "attachments": ' || case when synthetic.chance(50033, t5.v, 0.96) then 'true' else 'false' end
               || ', "labels": true, "count_matches": ' || case when synthetic.chance(50034, t5.v, 0.98) then 'true' else 'false' end
               || '}, "inspector_note": ""}'
           when t5.task_type_id in (8, 9, 15) then
               '{"upper_steps": ' || (6 + synthetic.pick(50035, t5.v, 30)) || ', "lower_steps": '
               || (4 + synthetic.pick(50036, t5.v, 30)) || ', "max_movement_mm": '
               || round((0.1 + 0.25 * synthetic.u(50037, t5.v))::numeric, 2) || ', "ipr": '
               || case when synthetic.chance(50038, t5.v, 0.4) then 'true' else 'false' end || '}'
           when t5.task_type_id = 18 then
               '{"printer": "' || synthetic.one_of(50039, t5.v, array['Form 3B #1', 'Form 3B #2', 'Carbon M2 #1', 'SprintRay Pro 95', 'HeyGears UltraCraft'])
               || '", "batch": "B' || to_char(t5.created at time zone 'UTC', 'YYMMDD') || '-' || synthetic.pick(50040, t5.v, 40)
               || '", "models": ' || synthetic.pick(50041, t5.v, 24) || '}'
           when t5.task_type_id in (5, 3) then
               '{"teeth": ' || (24 + synthetic.pick(50042, t5.v, 8)) || ', "duration_s": ' || round(t5.dur_secs * (0.5 + synthetic.u(50043, t5.v))) || '}'
           else ''
       end,
       t5.created, t5.modified, t5.project_id
-- (offset 0 keeps the joins below the pool: the id arrays never travel through a sort or hash)
from (select * from t5 offset 0) as t5 cross join pool;

-- anomalies of dispatch_task, from the same slot plan
insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_task', o.id, 2, 'orphan_instruction', 'instruction_id', null
from ops_task as o
inner join synthetic.anomalies as a
    on a.table_name = 'dispatch_instruction' and a.issue = 1 and a.legacy_id = o.instruction_id
union all
select 'dispatch_task', o.id, 2, 'missing_instruction', 'instruction_id', null
from ops_task as o where o.is_missing
union all
select 'dispatch_task', o.id, 19, 'modified_not_bumped', 'modified', null
from ops_task as o where o.is_stale;

drop table ops_task;
