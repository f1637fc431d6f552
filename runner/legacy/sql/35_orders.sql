-- Orders and treatment: instructions and their products, couriers, brackets, projects, plans,
-- jaws, shipments, case states and patient milestones.
-- Salts 35001-35899.
--
-- Injected anomalies (docs/synthetic-anomalies.md):
--   #1  dispatch_instruction orphan_patient: patient_id of a patient that does not exist
--       (ids above n(dispatch_patient): the merged or deleted patients);
--   #3  dispatch_state orphan_instruction (an issue-1 orphan), missing_instruction (no such
--       instruction), from_state_zero (first transitions of the first release);
--   #12 dispatch_jaw.movements truncated;
--   #15 dispatch_instruction.shipped_at and dispatch_jaw.created: naive wall-clock times inside a
--       DST change (dst_gap: nonexistent spring-forward hour; dst_ambiguous: repeated autumn hour);
--   #18 dispatch_patient soft_deleted_parent: soft-deleted patients that still own instructions.
-- Not in the manifest but present: ~2% of instructions have office_id NULL while their patient
-- has an office (derivable from the patient).

set local work_mem = '128MB';

-- US daylight-saving change days (second Sunday of March, first Sunday of November)
create temp table core_dst on commit drop as
select y,
       make_date(y, 3, 1) + (7 - extract(dow from make_date(y, 3, 1))::int) % 7 + 7 as gap_day,
       make_date(y, 11, 1) + (7 - extract(dow from make_date(y, 11, 1))::int) % 7 as fold_day
from generate_series(2014, 2026) as y;

-- lookups: doctors per office, office users per office, lab staff
create temp table core_office_doctor on commit drop as
select office_id, user_id,
       row_number() over (partition by office_id order by user_id)::int as k,
       count(*) over (partition by office_id)::int as cnt
from dispatch_office_doctors;

create temp table core_office_user on commit drop as
select us.office_id, us.user_id,
       row_number() over (partition by us.office_id order by us.user_id)::int as k,
       count(*) over (partition by us.office_id)::int as cnt
from dispatch_usersetting as us
join auth_user as u on u.id = us.user_id
where us.office_id is not null and not u.is_staff
  and not exists (select from dispatch_office_doctors as od where od.user_id = us.user_id);

create temp table core_staff on commit drop as
select id as user_id, row_number() over (order by id)::int as k
from auth_user where is_staff and id > 1;

-- instructions, computed once. created grows over the years; the patient is one created shortly
-- before (several instructions per patient: new treatment, then refinements, retainers, ...).
-- The issue-1 orphans point past the last patient id.
create temp table core_instr on commit drop as
with sizes as (
    select synthetic.n('dispatch_instruction') as n_i, synthetic.n('dispatch_patient') as n_p,
           synthetic.n('dispatch_office') as n_o, synthetic.k('dispatch_instruction', 0.0095) as k_orphan
),
base as (
    select i as id,
           sqrt((i - synthetic.u(35001, i)) / s.n_i) as frac,
           row_number() over (order by synthetic.u(35002, i), i) <= s.k_orphan as is_orphan
    from sizes as s cross join generate_series(1, s.n_i) as i
),
with_patient as (
    select b.id, b.frac, b.is_orphan,
           case when b.is_orphan
                then s.n_p + synthetic.pick(35003, b.id, greatest(1, s.k_orphan / 3))
                else greatest(1, least(s.n_p, floor(s.n_p * power(greatest(0.0, b.frac
                         - case when synthetic.chance(35004, b.id, 0.35) then 0.0
                                else -ln(1 - synthetic.u(35005, b.id)) * 0.05 end), 2))))
           end::int as patient_id,
           synthetic.pick(35006, b.id, greatest(1, least(s.n_o,
               floor(s.n_o * power(b.frac, 1 / 0.7))))::bigint)::int as any_office
    from base as b cross join sizes as s
),
seq as (
    select w.*,
           row_number() over (partition by w.patient_id order by w.id) as seq,
           lag(w.id) over (partition by w.patient_id order by w.id) as prev_id
    from with_patient as w
),
kinds as (
    select s.*,
           case when s.seq = 1 then case when synthetic.chance(35007, s.id, 0.93) then 1 else 6 end
                when synthetic.u(35008, s.id) < 0.45 then 2
                when synthetic.u(35008, s.id) < 0.70 then 3
                when synthetic.u(35008, s.id) < 0.85 then 4
                when synthetic.u(35008, s.id) < 0.95 then 5
                else 1 end as kind,
           synthetic.at_frac(s.frac) as created
    from seq as s
),
offices as (
    select k.*,
           case when k.is_orphan then k.any_office
                when p.office_id is not null
                    then case when synthetic.chance(35009, k.id, 0.02) then null else p.office_id end
                when pi.kind = 'office_from_doctor' then pi.expected::int
                else k.any_office
           end as office_id,
           p.doctor_id as patient_doctor,
           p.created as patient_created,
           coalesce(p.office_id, pi.expected::int, k.any_office) as effective_office
    from kinds as k
    left join dispatch_patient as p on p.id = k.patient_id
    left join synthetic.anomalies as pi
        on pi.table_name = 'dispatch_patient' and pi.issue = 8 and pi.legacy_id = k.patient_id
)
select o.id, o.frac, o.is_orphan, o.patient_id, o.seq, o.kind,
       case when o.kind in (2, 3, 4, 5) then o.prev_id end as parent_id,
       o.office_id, o.effective_office,
       o.created,
       case when o.is_orphan then od.user_id else o.patient_doctor end as doctor_id
from offices as o
left join core_office_doctor as oc on oc.office_id = o.effective_office and oc.k = 1
left join core_office_doctor as od
    on od.office_id = o.effective_office and od.k = synthetic.pick(35010, o.id, oc.cnt);

-- workflow state of every instruction, from the age of the order
alter table core_instr
    add column status smallint, add column created_by_id int, add column arch smallint,
    add column submitted_at timestamptz, add column shipped_ts timestamptz,
    add column dst_kind text;

update core_instr as i
set arch = case when synthetic.u(35020, i.id) < 0.75 then 3
                when synthetic.u(35020, i.id) < 0.90 then 1 else 2 end,
    status = st.status
from (
    select c.id,
           case when s.st in (8, 9, 10) and c.kind = 6 then 12 else s.st end as status
    from core_instr as c
    cross join lateral (
        select extract(epoch from synthetic.epoch_end() - c.created) / 86400.0
               * (0.6 + 0.8 * synthetic.u(35021, c.id)) as d
    ) as age
    cross join lateral (
        select case
            when synthetic.u(35022, c.id) < 0.08 and age.d > 2 then 11
            when synthetic.u(35022, c.id) < 0.11 and age.d > 4 then 3
            when synthetic.u(35022, c.id) < 0.13 then 0
            when age.d < 1 then 0
            when age.d < 3 then 1
            when age.d < 5 then 2
            when age.d < 12 then 4
            when age.d < 18 then case when synthetic.chance(35023, c.id, 0.2) then 6 else 5 end
            when age.d < 24 then 7
            when age.d < 30 then 8
            when age.d < 40 then 9
            when age.d < 120 then 10
            when synthetic.u(35024, c.id) < 0.75 then 12
            when synthetic.u(35024, c.id) < 0.95 then 10
            else 9 end as st
    ) as s
) as st
where st.id = i.id;

update core_instr as i
set created_by_id = case
        when synthetic.u(35030, i.id) < 0.55 then coalesce(i.doctor_id, ou.user_id)
        when synthetic.u(35030, i.id) < 0.85 then coalesce(ou.user_id, i.doctor_id)
        when synthetic.u(35030, i.id) < 0.95 then st.user_id
        else null end,
    submitted_at = case when i.status = 0 then null
                        else synthetic.later(i.created,
                                             make_interval(mins => 5 + synthetic.pick(35031, i.id, 2880)::int))
                   end
from core_instr as c
left join (select distinct office_id, cnt from core_office_user) as oc on oc.office_id = c.effective_office
left join core_office_user as ou
    on ou.office_id = c.effective_office and ou.k = synthetic.pick(35032, c.id, oc.cnt)
left join core_staff as st on st.k = synthetic.pick(35033, c.id, (select count(*) from core_staff))
where c.id = i.id;

update core_instr
set shipped_ts = synthetic.later(submitted_at, make_interval(days => 10 + synthetic.pick(35034, id, 20)::int,
                                                             mins => synthetic.pick(35035, id, 600)::int))
where status in (9, 10, 12) and kind <> 6;

-- issue 15: a few orders shipped on a DST change day, at a wall-clock time inside the change
update core_instr as i
set dst_kind = d.kind, shipped_ts = null
from (
    select id, 'dst_gap' as kind, gap_day as day
    from (
        select c.id, g.gap_day, row_number() over (order by synthetic.u(35040, c.id), c.id) as rk
        from core_instr as c
        join core_dst as g
            on g.gap_day between (c.submitted_at at time zone 'America/New_York')::date + 7
                             and (c.submitted_at at time zone 'America/New_York')::date + 25
        where c.shipped_ts is not null and g.gap_day < (synthetic.epoch_end() at time zone 'America/New_York')::date
    ) as x
    where rk <= synthetic.k('dispatch_instruction', 0.0002)
    union all
    select id, 'dst_ambiguous', fold_day
    from (
        select c.id, g.fold_day, row_number() over (order by synthetic.u(35041, c.id), c.id) as rk
        from core_instr as c
        join core_dst as g
            on g.fold_day between (c.submitted_at at time zone 'America/New_York')::date + 7
                              and (c.submitted_at at time zone 'America/New_York')::date + 25
        where c.shipped_ts is not null and g.fold_day < (synthetic.epoch_end() at time zone 'America/New_York')::date
    ) as x
    where rk <= synthetic.k('dispatch_instruction', 0.0002)
) as d
where d.id = i.id;

alter table core_instr add column shipped_at timestamp, add column number text;

update core_instr as i
set shipped_at = case
        when i.dst_kind = 'dst_gap'
            then d.gap_day + make_interval(hours => 2, mins => synthetic.pick(35042, i.id, 59)::int)
        when i.dst_kind = 'dst_ambiguous'
            then d.fold_day + make_interval(hours => 1, mins => synthetic.pick(35042, i.id, 59)::int)
        else synthetic.naive_ny(i.shipped_ts) end,
    number = coalesce(o.code, 'LAB') || '-' || lpad(i.id::text, 6, '0')
from core_instr as c
left join dispatch_office as o on o.id = c.office_id
left join core_dst as d on c.dst_kind is not null
    and ((c.dst_kind = 'dst_gap' and d.gap_day between (c.submitted_at at time zone 'America/New_York')::date + 7
                                                   and (c.submitted_at at time zone 'America/New_York')::date + 25)
      or (c.dst_kind = 'dst_ambiguous' and d.fold_day between (c.submitted_at at time zone 'America/New_York')::date + 7
                                                        and (c.submitted_at at time zone 'America/New_York')::date + 25))
where c.id = i.id;

-- the tz-aware instant of the shipping (for the children of the instruction)
update core_instr
set shipped_ts = shipped_at at time zone 'America/New_York'
where shipped_at is not null and shipped_ts is null;

-- dispatch_instruction
insert into dispatch_instruction (id, number, patient_id, office_id, doctor_id, created_by_id, kind,
                                  status, arch, priority, treatment_goals, special_instructions,
                                  options, ipr_allowed, attachments_allowed, extraction_teeth,
                                  submitted_at, due_date, shipped_at, created, modified, parent_id,
                                  is_deleted, deleted_at)
select i.id, i.number, i.patient_id, i.office_id, i.doctor_id, i.created_by_id, i.kind, i.status,
       i.arch,
       case when synthetic.u(35050, i.id) < 0.88 then 0
            when synthetic.u(35050, i.id) < 0.97 then 1 else 2 end,
       case i.kind
           when 3 then 'Retainers after treatment.'
           when 4 then synthetic.one_of(35051, i.id, array['Lost aligner, replace current stage.',
                                                           'Cracked aligner, please replace.', ''])
           else synthetic.one_of(35051, i.id, array[
               'Align upper and lower, close spaces.', 'Resolve crowding, maintain midline.',
               'Correct crossbite on the left side.', 'Level the curve of Spee, reduce overbite.',
               'Close diastema between 11 and 21.', 'Improve smile arc; patient wants straight front teeth.',
               'Class II correction with elastics.', 'Expand arches, avoid extractions if possible.',
               'Intrude upper incisors, reduce gummy smile.', ''])
       end,
       case when synthetic.u(35052, i.id) < 0.55 then ''
            else synthetic.one_of(35053, i.id, array[
                'No attachments on 13 and 23 please.', 'Patient has a bridge 35-37, do not move.',
                'Rush: patient travels next month.', 'Use the new scan, the old one had a distortion.',
                'Please call the office before finishing the setup.', 'Keep IPR under 0.3 mm per contact.',
                'Include passive aligners for the lower arch.', 'Patient is allergic to latex.'])
       end,
       jsonb_build_object(
           'attachments', o.attachments,
           'ipr', o.ipr,
           'overcorrection', synthetic.chance(35054, i.id, 0.3),
           'passive_aligners', synthetic.chance(35055, i.id, 0.4),
           'midline', synthetic.one_of(35056, i.id, array['maintain', 'improve', 'correct']),
           'overjet', synthetic.one_of(35057, i.id, array['maintain', 'improve']),
           'crowding', jsonb_build_object('expand', synthetic.chance(35058, i.id, 0.6),
                                          'procline', synthetic.chance(35059, i.id, 0.3),
                                          'ipr', o.ipr),
           'trim', synthetic.one_of(35060, i.id, array['scalloped', 'scalloped', 'straight']),
           'retainer_after', synthetic.chance(35061, i.id, 0.5)
       )::text,
       o.ipr,
       o.attachments,
       case when synthetic.u(35062, i.id) < 0.9 then ''
            else synthetic.one_of(35063, i.id, array['14,24', '15,25', '14,24,34,44', '41', '18,28,38,48']) end,
       i.submitted_at,
       (synthetic.later(i.submitted_at, make_interval(days => 14 + synthetic.pick(35064, i.id, 7)::int))
            at time zone 'America/New_York')::date,
       i.shipped_at,
       i.created,
       case when i.status = 12
                then synthetic.later(coalesce(i.shipped_ts, i.submitted_at, i.created),
                                     make_interval(days => 60 + synthetic.pick(35065, i.id, 400)::int))
            else synthetic.later(greatest(i.created, i.submitted_at, i.shipped_ts),
                                 make_interval(hours => synthetic.pick(35065, i.id, 240)::int))
       end,
       i.parent_id,
       false,
       null
from core_instr as i
cross join lateral (
    select synthetic.chance(35066, i.id, 0.8) as attachments, synthetic.chance(35067, i.id, 0.6) as ipr
) as o
order by i.id;

insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_instruction', id, 1, 'orphan_patient', 'patient_id', null
from core_instr where is_orphan
union all
select 'dispatch_instruction', id, 15, dst_kind, 'shipped_at', null
from core_instr where dst_kind is not null;

analyze dispatch_instruction;

-- issue 18: soft-deleted patients that still own (live) instructions; soft delete bumps modified.
with victims as (
    select p.id, max(i.created) as last_child
    from dispatch_patient as p
    join core_instr as i on i.patient_id = p.id
    group by p.id
    order by synthetic.u(35070, p.id), p.id
    limit synthetic.k('dispatch_patient', 0.015)
),
upd as (
    update dispatch_patient as p
    set is_deleted = true,
        deleted_at = synthetic.later(greatest(v.last_child, p.modified),
                                     make_interval(days => 1 + synthetic.pick(35071, p.id, 300)::int)),
        modified = synthetic.later(greatest(v.last_child, p.modified),
                                   make_interval(days => 1 + synthetic.pick(35071, p.id, 300)::int))
    from victims as v
    where v.id = p.id
    returning p.id
)
insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_patient', id, 18, 'soft_deleted_parent', 'is_deleted', null from upd;

-- dispatch_instruction_products: the main product of every instruction (by kind), plus a second
-- distinct product on some instructions; quantity 0 occurs.
insert into dispatch_instruction_products (id, instruction_id, product_id, quantity)
with n_products as (select synthetic.n('dispatch_product') as cnt),
main as (
    select i.id as instruction_id,
           (case i.kind when 1 then synthetic.pick(35080, i.id, 2) when 2 then 3 when 3 then 4
                        when 4 then 5 when 5 then 3 else 6 end - 1) % p.cnt + 1 as product_id
    from core_instr as i cross join n_products as p
)
select row_number() over (order by instruction_id, score), instruction_id, product_id,
       case when synthetic.chance(35081, instruction_id * 100 + product_id, 0.01) then 0
            when score < 1 then 1
            else synthetic.pick(35082, instruction_id, 4)::int end
from (
    select instruction_id, product_id::int, synthetic.u(35083, instruction_id) as score
    from main
    union all
    select m.instruction_id, ((m.product_id - 1 + synthetic.pick(35084, m.instruction_id, p.cnt - 1)) % p.cnt + 1)::int,
           1 + synthetic.u(35085, m.instruction_id)
    from main as m cross join n_products as p
    where p.cnt > 1
    order by score, instruction_id
    limit synthetic.n('dispatch_instruction_products')
) as lines;

-- dispatch_courier: the 6 carriers.
insert into dispatch_courier (id, name, code, tracking_url, is_active)
select ord, name, code, url, active
from (values
    (1, 'UPS', 'ups', 'https://www.ups.com/track?tracknum={}', true),
    (2, 'FedEx', 'fedex', 'https://www.fedex.com/fedextrack/?trknbr={}', true),
    (3, 'USPS', 'usps', 'https://tools.usps.com/go/TrackConfirmAction?tLabels={}', true),
    (4, 'DHL Express', 'dhl', 'https://www.dhl.com/en/express/tracking.html?AWB={}', false),
    (5, 'Local courier', 'local', 'https://track.example-courier.com/{}', true),
    (6, 'Other', 'other', '{}', true)
) as c (ord, name, code, url, active)
where ord <= synthetic.n('dispatch_courier');

-- dispatch_bracket: the bracket catalogue, one row per bracket system and tooth position.
insert into dispatch_bracket (id, manufacturer, bracket_system, name, sku, tooth, slot, torque,
                              angulation, is_active, created)
with teeth as (
    select t, row_number() over (order by q, p) as k
    from (select q, p, (q * 10 + p)::text as t from generate_series(1, 4) as q, generate_series(1, 8) as p) as x
),
systems as (
    select s, synthetic.one_of(35090, s, array['3M Unitek', 'Ormco', 'American Orthodontics',
                                               'Dentsply GAC', 'Ortho Technology', 'Rocky Mountain']) as manufacturer,
           synthetic.one_of(35091, s, array['Victory', 'Clarity', 'Damon Q', 'Damon Clear', 'Empower',
                                            'In-Ovation', 'Mini Master', 'Radiance', 'Symetri', 'Agility'])
               || ' ' || synthetic.one_of(35092, s, array['MBT', 'Roth', 'Standard', 'Low torque', 'High torque'])
               as bracket_system
    from generate_series(1, 60) as s
)
select b, sy.manufacturer, sy.bracket_system,
       sy.bracket_system || ' ' || tt.t,
       upper(left(synthetic.ascii_slug(sy.manufacturer), 3)) || '-' || lpad(sy.s::text, 3, '0') || '-'
           || case when synthetic.chance(35093, b, 0.03) then '000' else tt.t end,
       tt.t,
       synthetic.one_of(35094, sy.s, array['.018', '.022', '.022', '0.022']),
       case when synthetic.chance(35095, b, 0.1) then null
            else round((-17 + 34 * synthetic.u(35096, b))::numeric, 1)::float8 end,
       case when synthetic.chance(35097, b, 0.1) then null
            else round((-2 + 13 * synthetic.u(35098, b))::numeric, 1)::float8 end,
       synthetic.chance(35099, sy.s, 0.8),
       synthetic.at_frac(0.05 + 0.6 * sy.s / 60.0)
from generate_series(1, synthetic.n('dispatch_bracket')) as b
join teeth as tt on tt.k = (b - 1) % 32 + 1
join systems as sy on sy.s = (b - 1) / 32 % 60 + 1;

-- instructions that reached setup get projects and plans (slot 1 always, more versions for some:
-- the n smallest cumulative random scores, so every instruction's versions are 1..k)
create temp table core_setup on commit drop as
select id, kind, status, arch, created, submitted_at, shipped_ts, doctor_id, created_by_id, number
from core_instr
where status >= 4 and (status <> 11 or synthetic.chance(35100, id, 0.4));

-- dispatch_project: the technician's working projects; ids follow created. The setup archive
-- (project_file_id) is linked in 40_files_comm.sql once the files exist.
create temp table core_project on commit drop as
with slots as (
    select s.id as instruction_id, v,
           sum(case when v = 1 then 0.0 else -ln(1 - synthetic.u(35101, s.id * 16 + v)) end)
               over (partition by s.id order by v) as score
    from core_setup as s cross join generate_series(1, 10) as v
),
chosen as (
    select * from slots order by score, instruction_id, v limit synthetic.n('dispatch_project')
),
timed as (
    select c.instruction_id, c.v,
           max(c.v) over (partition by c.instruction_id) as last_v,
           synthetic.later(coalesce(s.submitted_at, s.created),
                           make_interval(days => 2 + 6 * (c.v - 1),
                                         hours => synthetic.pick(35102, c.instruction_id * 16 + c.v, 72)::int)) as created
    from chosen as c join core_setup as s on s.id = c.instruction_id
)
select row_number() over (order by t.created, t.instruction_id, t.v)::int as id, t.*
from timed as t;

insert into dispatch_project (id, instruction_id, technician_id, name, software, version, status,
                              project_file_id, data, started_at, finished_at, created, modified)
select p.id, p.instruction_id, st.user_id,
       s.number || ' setup v' || p.v,
       sw.software,
       p.v,
       ps.status,
       null,
       jsonb_build_object(
           'software_version', case sw.software
               when 1 then '1.' || synthetic.pick(35103, p.id, 9)
               when 2 then '4.' || synthetic.pick(35103, p.id, 12) || '.' || synthetic.pick(35104, p.id, 9)
               else 'vendor-' || synthetic.pick(35103, p.id, 3) end,
           'segmented_teeth', 24 + synthetic.pick(35105, p.id, 8),
           'stages', 8 + synthetic.pick(35106, p.id, 40),
           'export', 'exports/' || p.instruction_id || '/v' || p.v
       )::text,
       case when ps.status = 0 then null
            else synthetic.later(p.created, make_interval(mins => synthetic.pick(35107, p.id, 240)::int)) end,
       case when ps.status >= 2
            then synthetic.later(p.created, make_interval(hours => 4 + synthetic.pick(35108, p.id, 44)::int)) end,
       p.created,
       synthetic.later(p.created, make_interval(hours => case when ps.status >= 2 then 48 else 4 end
                                                         + synthetic.pick(35109, p.id, 60)::int))
from core_project as p
join core_setup as s on s.id = p.instruction_id
left join core_staff as st on st.k = synthetic.pick(35110, p.id, (select count(*) from core_staff))
cross join lateral (
    select case when p.created < timestamptz '2017-03-01 00:00:00+00' then 1
                when synthetic.chance(35111, p.id, 0.08) then 3 else 2 end::smallint as software
) as sw
cross join lateral (
    select case when p.v < p.last_v then case when synthetic.chance(35112, p.id, 0.8) then 4 else 5 end
                when s.status = 4 then case when synthetic.chance(35113, p.id, 0.5) then 0 else 1 end
                when s.status in (5, 6) then case when synthetic.chance(35113, p.id, 0.3) then 2 else 3 end
                when s.status = 11 then 5
                else 4 end::smallint as status
) as ps
order by p.id;

-- dispatch_plan: versions of the treatment plan; from 2016 each is made from a project of the
-- same instruction. The last version's status follows the instruction's state.
insert into dispatch_plan (id, project_id, instruction_id, version, name, status, upper_steps,
                           lower_steps, has_attachments, ipr_data, notes, viewer_url,
                           approved_by_id, approved_at, created, modified)
with slots as (
    select s.id as instruction_id, v,
           sum(case when v = 1 then 0.0 else -ln(1 - synthetic.u(35120, s.id * 16 + v)) end)
               over (partition by s.id order by v) as score
    from core_setup as s cross join generate_series(1, 10) as v
),
chosen as (
    select * from slots order by score, instruction_id, v limit synthetic.n('dispatch_plan')
),
projects as (
    select instruction_id, max(v) as last_v from core_project group by instruction_id
),
timed as (
    select c.instruction_id, c.v,
           max(c.v) over (partition by c.instruction_id) as last_v,
           synthetic.later(coalesce(s.submitted_at, s.created),
                           make_interval(days => 4 + 6 * (c.v - 1),
                                         hours => synthetic.pick(35121, c.instruction_id * 16 + c.v, 72)::int)) as created
    from chosen as c join core_setup as s on s.id = c.instruction_id
),
numbered as (
    select row_number() over (order by t.created, t.instruction_id, t.v)::int as id, t.*
    from timed as t
)
select n.id,
       case when n.created >= timestamptz '2016-01-01 00:00:00+00' then pr.id end,
       n.instruction_id, n.v,
       case when s.kind = 2 then 'Refinement setup ' else 'Setup ' end || n.v,
       st.status,
       case when s.arch not in (1, 3) then 0 when s.kind = 3 then 1 else 6 + synthetic.pick(35122, n.id, 40) end,
       case when s.arch not in (2, 3) then 0 when s.kind = 3 then 1 else 6 + synthetic.pick(35123, n.id, 36) end,
       synthetic.chance(35124, n.id, 0.75),
       jsonb_build_object(
           'unit', 'mm',
           'contacts', case when synthetic.chance(35125, n.id, 0.4) then '[]'::jsonb
                            else jsonb_build_array(
                                jsonb_build_object('between', '11-21', 'amount', 0.1 + 0.1 * synthetic.pick(35126, n.id, 3),
                                                   'stage', synthetic.pick(35127, n.id, 10)),
                                jsonb_build_object('between', '32-33', 'amount', 0.2,
                                                   'stage', synthetic.pick(35128, n.id, 10))) end
       )::text,
       case when synthetic.u(35129, n.id) < 0.7 then ''
            else synthetic.one_of(35130, n.id, array['Reduced IPR per doctor request.',
                'Added attachments on premolars.', 'Extra stages for overcorrection.',
                'Midline corrected by 1 mm.', 'Doctor asked to keep 13 and 23 in place.']) end,
       case when st.status = 0 then ''
            else 'https://viewer.clearlinelab.com/p/v' || left(md5(synthetic.u(35131, n.id)::text), 15) end,
       case when st.status = 2 then coalesce(s.doctor_id, s.created_by_id) end,
       case when st.status = 2
            then synthetic.later(n.created, make_interval(hours => 4 + synthetic.pick(35132, n.id, 160)::int)) end,
       n.created,
       synthetic.later(n.created, make_interval(hours => 5 + synthetic.pick(35133, n.id, 200)::int))
from numbered as n
join core_setup as s on s.id = n.instruction_id
left join projects as pv on pv.instruction_id = n.instruction_id
left join core_project as pr on pr.instruction_id = n.instruction_id and pr.v = least(n.v, pv.last_v)
cross join lateral (
    select case when n.v < n.last_v then case when synthetic.chance(35134, n.id, 0.65) then 4 else 3 end
                when s.status = 4 then 0
                when s.status = 5 then 1
                when s.status = 6 then 3
                when s.status = 11 then case when synthetic.chance(35135, n.id, 0.5) then 1 else 4 end
                else 2 end::smallint as status
) as st
order by n.id;

analyze dispatch_plan;
analyze dispatch_project;

-- dispatch_jaw: setup data per arch for plans exported from the setup software since 2019
-- (0-2 per plan); naive local timestamps. Issue 12: a few truncated movements exports.
-- Issue 15: a few created values inside a DST change.
create temp table core_jaw on commit drop as
with candidates as (
    select p.id as plan_id, j.jaw, p.created as plan_created,
           case j.jaw when 1 then p.upper_steps else p.lower_steps end as steps,
           case when p.created >= timestamptz '2019-01-01 00:00:00+00' and p.project_id is not null
                then 0 else 2 end + synthetic.u(35140, p.id * 2 + j.jaw) as score
    from dispatch_plan as p
    cross join (values (1), (2)) as j (jaw)
    where case j.jaw when 1 then p.upper_steps else p.lower_steps end > 0
),
chosen as (
    select * from candidates order by score, plan_id, jaw limit synthetic.n('dispatch_jaw')
)
select row_number() over (order by plan_created, plan_id, jaw)::int as id, c.plan_id, c.jaw, c.steps,
       synthetic.later(c.plan_created,
                       make_interval(mins => 1 + synthetic.pick(35141, c.plan_id * 2 + c.jaw, 180)::int)) as created_ts,
       null::text as special
from chosen as c;

update core_jaw as j
set special = x.kind
from (
    select id, 'dst_gap' as kind
    from (
        select j.id, row_number() over (order by synthetic.u(35142, j.id), j.id) as rk
        from core_jaw as j
        join core_dst as g on g.gap_day between (j.created_ts at time zone 'America/New_York')::date + 1
                                            and (j.created_ts at time zone 'America/New_York')::date + 20
        where g.gap_day < (synthetic.epoch_end() at time zone 'America/New_York')::date
    ) as a
    where rk <= synthetic.k('dispatch_jaw', 0.0002)
    union all
    select id, 'dst_ambiguous'
    from (
        select j.id, row_number() over (order by synthetic.u(35143, j.id), j.id) as rk
        from core_jaw as j
        join core_dst as g on g.fold_day between (j.created_ts at time zone 'America/New_York')::date + 1
                                             and (j.created_ts at time zone 'America/New_York')::date + 20
        where g.fold_day < (synthetic.epoch_end() at time zone 'America/New_York')::date
    ) as a
    where rk <= synthetic.k('dispatch_jaw', 0.0002)
) as x
where x.id = j.id;

-- truncated movements: distinct from the DST rows
update core_jaw as j
set special = 'truncated'
from (
    select id from core_jaw where special is null
    order by synthetic.u(35144, id), id
    limit synthetic.k('dispatch_jaw', 0.001)
) as t
where t.id = j.id;

insert into dispatch_jaw (id, plan_id, jaw, steps, attachments, ipr, movements, missing_teeth,
                          bracket_id, created, modified)
select j.id, j.plan_id, j.jaw, j.steps,
       jsonb_build_object(
           (j.jaw * 10 + 3)::text, jsonb_build_array(1, 2),
           (j.jaw * 10 + 4)::text, jsonb_build_array(1),
           ((j.jaw + 1) * 10 + 3)::text, jsonb_build_array(1, 2),
           ((j.jaw + 1) * 10 + 5)::text,
           case when synthetic.chance(35150, j.id, 0.5) then jsonb_build_array(2) else '[]'::jsonb end
       )::text,
       case when synthetic.chance(35151, j.id, 0.4) then '{}'
            else jsonb_build_object((j.jaw * 10 + 1)::text || '-' || ((j.jaw + 1) * 10 + 1)::text,
                                    jsonb_build_object('mm', 0.1 + 0.1 * synthetic.pick(35152, j.id, 3),
                                                       'stage', synthetic.pick(35153, j.id, greatest(1, j.steps))))::text end,
       case when j.special = 'truncated' then left(mv.movements, length(mv.movements) * 3 / 5)
            else mv.movements end,
       case when synthetic.u(35154, j.id) < 0.85 then ''
            else synthetic.one_of(35155, j.id, array['18,28', '38,48', '18,28,38,48', '36', '46', '15']) end,
       case when synthetic.chance(35156, j.id, 0.03)
            then synthetic.pick(35157, j.id, synthetic.n('dispatch_bracket'))::int end,
       c.created,
       case when j.special in ('dst_gap', 'dst_ambiguous') then c.created + interval '2 hours'
            when synthetic.chance(35158, j.id, 0.7) then c.created
            else greatest(c.created, synthetic.naive_ny(synthetic.later(j.created_ts,
                     make_interval(days => synthetic.pick(35159, j.id, 30)::int)))) end
from core_jaw as j
left join core_dst as d
    on j.special in ('dst_gap', 'dst_ambiguous')
   and case j.special when 'dst_gap' then d.gap_day else d.fold_day end
       between (j.created_ts at time zone 'America/New_York')::date + 1
           and (j.created_ts at time zone 'America/New_York')::date + 20
cross join lateral (
    select case j.special
               when 'dst_gap' then d.gap_day + make_interval(hours => 2, mins => synthetic.pick(35160, j.id, 59)::int)
               when 'dst_ambiguous' then d.fold_day + make_interval(hours => 1, mins => synthetic.pick(35160, j.id, 59)::int)
               else synthetic.naive_ny(j.created_ts)
           end as created
) as c
cross join lateral (
    -- per-tooth movement per stage (a few hundred bytes; production exports can be much larger)
    select jsonb_build_object(
               'format', 'v2',
               'stages', j.steps,
               'teeth', (
                   select jsonb_object_agg(
                       (j.jaw * 20 + t.tooth)::text,
                       jsonb_build_object(
                           'tx', round((synthetic.u(35161 + t.k * 3, j.id) - 0.5)::numeric, 2),
                           'ty', round((synthetic.u(35162 + t.k * 3, j.id) - 0.5)::numeric, 2),
                           'rz', round((synthetic.u(35163 + t.k * 3, j.id) * 10 - 5)::numeric, 1)))
                   from (values (0, -9), (1, -8), (2, -7), (3, 1), (4, 2), (5, 3)) as t (k, tooth)
               )
           )::text as movements
) as mv
order by j.id;

insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_jaw', id, case when special = 'truncated' then 12 else 15 end, special,
       case when special = 'truncated' then 'movements' else 'created' end, null
from core_jaw where special is not null;

-- dispatch_shipment: outbound parcels (aligners) for shipped instructions, inbound parcels
-- (impressions, returns) for some others, a second outbound parcel for a few.
insert into dispatch_shipment (id, instruction_id, courier_id, address_id, direction, status,
                               tracking_number, weight_kg, shipped_at, delivered_at, label,
                               created, modified)
with candidates as (
    select i.id as instruction_id, 1 as direction, 1 as no, i.shipped_ts as shipped,
           synthetic.u(35200, i.id) as score
    from core_instr as i where i.shipped_ts is not null
    union all
    select i.id, 2, 1, synthetic.later(i.submitted_at, make_interval(days => 1 + synthetic.pick(35201, i.id, 4)::int)),
           1 + synthetic.u(35202, i.id)
    from core_instr as i where i.submitted_at is not null
    union all
    select i.id, 1, 2, synthetic.later(i.shipped_ts, make_interval(days => 20 + synthetic.pick(35203, i.id, 60)::int)),
           2 + synthetic.u(35204, i.id)
    from core_instr as i where i.shipped_ts is not null
),
chosen as (
    select * from candidates order by score, instruction_id, direction, no limit synthetic.n('dispatch_shipment')
),
numbered as (
    select row_number() over (order by shipped, instruction_id, direction, no)::int as id, c.*
    from chosen as c
),
couriers as (
    select n.id,
           case when synthetic.u(35205, n.id) < 0.45 then 'ups'
                when synthetic.u(35205, n.id) < 0.80 then 'fedex'
                when synthetic.u(35205, n.id) < 0.92 then 'usps'
                when synthetic.u(35205, n.id) < 0.95 then 'dhl'
                when synthetic.u(35205, n.id) < 0.99 then 'local'
                else 'other' end as code
    from numbered as n
)
select n.id, n.instruction_id,
       case when synthetic.chance(35206, n.id, 0.02) then null else c.id end,
       case when n.direction = 1 then coalesce(o.shipping_address_id, o.address_id) end,
       n.direction,
       case when synthetic.epoch_end() - n.shipped < interval '3 days' then 2
            when synthetic.u(35207, n.id) < 0.96 then 3
            when synthetic.u(35207, n.id) < 0.985 then 4
            else 5 end,
       case cc.code
           when 'ups' then '1Z' || upper(left(md5(synthetic.u(35208, n.id)::text), 16))
           when 'fedex' then lpad(synthetic.pick(35208, n.id, 999999999999)::text, 12, '0')
           when 'usps' then '9400' || lpad(synthetic.pick(35208, n.id, 999999999999)::text, 12, '0')
                            || lpad(synthetic.pick(35209, n.id, 999999)::text, 6, '0')
           when 'dhl' then lpad(synthetic.pick(35208, n.id, 9999999999)::text, 10, '0')
           when 'local' then 'LC-' || n.id
           else ''
       end,
       case when synthetic.chance(35210, n.id, 0.1) then null
            else round((0.2 + 2.5 * synthetic.u(35211, n.id))::numeric, 2)::float8 end,
       n.shipped,
       case when synthetic.epoch_end() - n.shipped < interval '3 days' then null
            else synthetic.later(n.shipped, make_interval(days => 1 + synthetic.pick(35212, n.id, 4)::int)) end,
       case when n.direction = 2 or synthetic.chance(35213, n.id, 0.1) then ''
            else 'labels/' || to_char(n.shipped, 'YYYY/MM') || '/' || n.id || '.pdf' end,
       n.shipped - make_interval(hours => 1 + synthetic.pick(35214, n.id, 20)::int),
       synthetic.later(n.shipped, make_interval(days => 1 + synthetic.pick(35215, n.id, 6)::int))
from numbered as n
join couriers as cc on cc.id = n.id
join dispatch_courier as c on c.code = cc.code
join core_instr as i on i.id = n.instruction_id
left join dispatch_office as o on o.id = coalesce(i.office_id, i.effective_office)
order by n.id;

-- dispatch_state: case-state transitions since the table was added (2022): active (from NULL),
-- closed (1 -> 2), sometimes reopened. Issue 3: states of issue-1 orphan instructions, states of
-- instructions that do not exist, and from_state = 0 on the first release's first transitions.
with orphans as (
    select legacy_id as instruction_id, row_number() over (order by legacy_id) as k
    from synthetic.anomalies
    where table_name = 'dispatch_instruction' and issue = 1
),
eligible as (
    select i.id, i.created, i.status,
           greatest(timestamptz '2022-03-01 14:00:00+00', i.created) as start_at,
           synthetic.u(35300, i.id) as r
    from core_instr as i
    where not i.is_orphan and i.status >= 1
      and (i.created >= timestamptz '2021-06-01 00:00:00+00' or i.status not in (10, 11, 12))
),
steps as (
    select e.id as instruction_id, s.no, e.r, e.start_at,
           case s.no when 1 then null when 2 then 1 when 3 then 2 else 1 end::smallint as from_state,
           case s.no when 1 then 1 when 2 then 2 when 3 then 1 else 2 end::smallint as to_state
    from eligible as e
    cross join generate_series(1, 4) as s (no)
    where s.no = 1
       or (s.no = 2 and e.status in (10, 11, 12))
       or (s.no >= 3 and e.status in (10, 11, 12) and synthetic.chance(35301, e.id, 0.05))
),
normal as (
    select * from steps
    order by r, instruction_id, no
    limit synthetic.n('dispatch_state') - 2 * synthetic.k('dispatch_state', 0.02)
),
bad as (
    select o.instruction_id, 1 as no, synthetic.u(35302, g) as r,
           synthetic.at_frac(0.7 + 0.29 * synthetic.u(35303, g)) as start_at,
           null::smallint as from_state, 1::smallint as to_state, 'orphan_instruction' as kind
    from generate_series(1, synthetic.k('dispatch_state', 0.02)) as g
    join orphans as o on o.k = synthetic.pick(35304, g, (select count(*) from orphans))
    union all
    select synthetic.n('dispatch_instruction') + synthetic.pick(35305, g, 500), 1, synthetic.u(35306, g),
           synthetic.at_frac(0.7 + 0.29 * synthetic.u(35307, g)),
           case when synthetic.chance(35308, g, 0.5) then null else 1 end,
           case when synthetic.chance(35308, g, 0.5) then 1 else 2 end, 'missing_instruction'
    from generate_series(1, synthetic.k('dispatch_state', 0.02)) as g
),
all_rows as (
    select instruction_id, no, r, from_state, to_state, null as kind,
           synthetic.later(start_at, make_interval(
               days => (no - 1) * 120 + synthetic.pick(35309, instruction_id * 8 + no, 100)::int,
               mins => synthetic.pick(35310, instruction_id * 8 + no, 600)::int)) as changed_at
    from normal
    union all
    select instruction_id, no, r, from_state, to_state, kind, start_at from bad
),
numbered as (
    select row_number() over (order by changed_at, instruction_id, no)::bigint as id, a.*
    from all_rows as a
),
zero as (
    -- the first release wrote 0 instead of NULL on a case's first transition
    select id from numbered
    where from_state is null and kind is null
    order by id
    limit synthetic.k('dispatch_state', 0.05)
),
ins as (
    insert into dispatch_state (id, instruction_id, from_state, to_state, changed_by_id, changed_at, comment)
    select n.id, n.instruction_id,
           case when z.id is not null then 0 else n.from_state end,
           n.to_state,
           case when synthetic.chance(35311, n.id, 0.4) then null else st.user_id end,
           n.changed_at,
           case when synthetic.u(35312, n.id) < 0.8 then ''
                when n.to_state = 2 then synthetic.one_of(35313, n.id, array[
                    'Closed after final retainer delivery.', 'Closed by nightly job.', 'Patient transferred.'])
                when n.from_state = 2 then 'Reopened: refinement requested.'
                else synthetic.one_of(35313, n.id, array['Doctor confirmed treatment start.',
                    'Aligners delivered to the patient.']) end
    from numbered as n
    left join zero as z on z.id = n.id
    left join core_staff as st on st.k = synthetic.pick(35314, n.id, (select count(*) from core_staff))
    order by n.id
    returning id
)
insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_state', id, 3, kind, 'instruction_id', null
from numbered where kind is not null
union all
select 'dispatch_state', id, 3, 'from_state_zero', 'from_state', null
from zero;

-- dispatch_milestone: append-only patient events derived from the instructions of existing
-- patients (records received, setup approved, aligners shipped, treatment started/finished,
-- refinement and retention started) plus check-in appointments without an instruction; a random
-- subset up to the row count. created is when the event was recorded (sometimes backdated).
insert into dispatch_milestone (id, patient_id, instruction_id, kind, happened_at, note,
                                created_by_id, created)
with events as (
    select i.id as instruction_id, i.patient_id, 1 as kind, 0 as no,
           synthetic.later(i.submitted_at,
                           make_interval(hours => 2 + synthetic.pick(35400, i.id, 70)::int)) as happened_at
    from core_instr as i where not i.is_orphan and i.submitted_at is not null
    union all
    select i.id, i.patient_id, 2, 0,
           synthetic.later(i.submitted_at, make_interval(days => 12 + synthetic.pick(35401, i.id, 15)::int))
    from core_instr as i where not i.is_orphan and i.status in (7, 8, 9, 10, 12)
    union all
    select i.id, i.patient_id, 3, 0, i.shipped_ts
    from core_instr as i where not i.is_orphan and i.shipped_ts is not null
    union all
    select i.id, i.patient_id, case i.kind when 2 then 5 when 3 then 7 else 4 end, 0,
           synthetic.later(i.shipped_ts, make_interval(days => 2 + synthetic.pick(35402, i.id, 8)::int))
    from core_instr as i
    where not i.is_orphan and i.status in (10, 12) and i.kind in (1, 2, 3) and i.shipped_ts is not null
    union all
    select i.id, i.patient_id, 6, 0,
           synthetic.later(i.shipped_ts, make_interval(days => 120 + synthetic.pick(35403, i.id, 380)::int))
    from core_instr as i
    where not i.is_orphan and i.status = 12 and i.kind in (1, 2) and i.shipped_ts is not null
    union all
    select null, i.patient_id, 8, c,
           synthetic.later(i.shipped_ts, make_interval(days => 42 * c + synthetic.pick(35404, i.id * 4 + c, 10)::int))
    from core_instr as i cross join generate_series(1, 3) as c
    where not i.is_orphan and i.status in (10, 12) and i.shipped_ts is not null
),
chosen as (
    select e.*,
           synthetic.u(35405, e.patient_id::bigint * 1000000
                              + coalesce(e.instruction_id, 0) * 16 + e.kind * 4 + e.no) as r
    from events as e
    order by r, e.patient_id, e.kind, e.no, e.instruction_id
    limit synthetic.n('dispatch_milestone')
),
recorded as (
    select c.*,
           case when synthetic.chance(35406, k.key, 0.1)
                then synthetic.later(c.happened_at, make_interval(days => 5 + synthetic.pick(35407, k.key, 55)::int))
                else synthetic.later(c.happened_at, make_interval(mins => synthetic.pick(35408, k.key, 600)::int))
           end as created
    from chosen as c
    cross join lateral (select (c.r * 1e9)::bigint as key) as k
),
numbered as (
    select row_number() over (order by created, patient_id, kind, no, instruction_id)::int as id, r.*
    from recorded as r
)
select n.id, n.patient_id, n.instruction_id, n.kind, n.happened_at,
       case when synthetic.u(35409, n.id) < 0.85 then ''
            else synthetic.one_of(35410, n.id, array['Patient happy with progress.', 'Tracking well.',
                'Aligner 5 not seating, chewies recommended.', 'Missed appointment, rescheduled.',
                'Attachments bonded.', 'IPR done as planned.']) end,
       case when synthetic.u(35411, n.id) < 0.4 then null
            when synthetic.u(35411, n.id) < 0.7 then st.user_id
            else p.doctor_id end,
       n.created
from numbered as n
join dispatch_patient as p on p.id = n.patient_id
left join core_staff as st on st.k = synthetic.pick(35412, n.id, (select count(*) from core_staff))
order by n.id;

drop table core_jaw;
drop table core_project;
drop table core_setup;
drop table core_instr;
drop table core_staff;
drop table core_office_user;
drop table core_office_doctor;
drop table core_dst;

analyze dispatch_instruction;
analyze dispatch_patient;
analyze dispatch_jaw;
analyze dispatch_shipment;
analyze dispatch_state;
analyze dispatch_milestone;

set local work_mem to default;
