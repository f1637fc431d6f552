-- Workflow tables: dispatch_notification, dispatch_feedback. Salts: 60001-60999.

-- ---------------------------------------------------------------------------------------------
-- dispatch_notification: in-app notifications, 2015 onwards with growth; ids follow created.
-- Office-side verbs go to the instruction's doctor, lab-side verbs to staff. payload is
-- json.dumps text with the legacy ids (instruction, plan, message, task, purchase) and a
-- display text. Read rows have modified = read_at (saved through the model).
-- Issue 12: k(0.001) payloads that do not parse: python_repr (pre-2017 rows, str(dict)),
--           empty_string (''), truncated (cut export).
-- Issue 19: modified_not_bumped = k(0.01) rows marked read by "mark all as read"
--           (QuerySet.update): is_read = true, read_at later than modified.
-- ---------------------------------------------------------------------------------------------
with
verb as (
    -- weight = relative frequency
    select * from (values
        (1, 'instruction.submitted', 0, 'lab', 'Case {n} was submitted', 60),
        (2, 'instruction.on_hold', 2, 'office', 'Case {n} is on hold: records missing', 25),
        (3, 'plan.ready', 1, 'office', 'Treatment plan for case {n} is ready for review', 80),
        (4, 'plan.approved', 1, 'lab', 'Dr. {d} approved the treatment plan for case {n}', 50),
        (5, 'plan.changes_requested', 2, 'lab', 'Changes requested on case {n}', 25),
        (6, 'message.new', 0, 'office', 'New message from the lab on case {n}', 80),
        (7, 'message.new', 0, 'lab', 'New message from Dr. {d} on case {n}', 80),
        (8, 'shipment.shipped', 1, 'office', 'Aligners for case {n} have shipped', 50),
        (9, 'shipment.delivered', 1, 'office', 'Aligners for case {n} were delivered', 40),
        (10, 'task.assigned', 0, 'lab', 'You were assigned a task on case {n}', 120),
        (11, 'task.overdue', 2, 'lab', 'A task on case {n} is overdue', 30),
        (12, 'records.missing', 2, 'office', 'Please upload a new lower scan for case {n}', 20),
        (13, 'payment.failed', 3, 'office', 'Card payment for case {n} failed', 3),
        (14, 'invoice.issued', 0, 'office', 'A new invoice is available for case {n}', 40),
        (15, 'instruction.shipped', 1, 'office', 'Case {n} has shipped', 30)
    ) as v (vid, verb, level, side, tmpl, weight)
),
pool as materialized (select synthetic.ops_staff_ids() as staff, synthetic.ops_doctor_ids() as doctor),
cfg as materialized (
    select synthetic.n('dispatch_notification') as n,
           synthetic.n('dispatch_instruction') as ni,
           synthetic.n('dispatch_plan') as n_plan,
           synthetic.n('dispatch_message') as n_msg,
           synthetic.n('dispatch_task') as n_task,
           synthetic.n('dispatch_purchase') as n_purchase,
           synthetic.k('dispatch_notification', 0.001) as k_bad,
           synthetic.k('dispatch_notification', 0.01) as k_bulk,
           synthetic.epoch_start() as t0,
           synthetic.epoch_end() as t1,
           -- each verb id repeated by its weight: a uniform pick in this array is a weighted pick
           (select array_agg(v.vid order by v.vid, w) from verb as v cross join generate_series(1, v.weight) as w) as verb_slots
),
-- the related objects are about as old as the notification (ids grow with time)
rel as (
    select g as id,
           synthetic.ops_when(g, cfg.n, synthetic.u(60001, g) - 0.5, cfg.t0, cfg.t1 - interval '2 hours', 0.75) as created,
           cfg.verb_slots[synthetic.pick(60002, g, cardinality(cfg.verb_slots))] as vid,
           synthetic.ops_near(60003, g, cfg.n, cfg.ni, 30) as iid,
           synthetic.ops_near(60004, g, cfg.n, cfg.n_plan, 100) as plan_id,
           synthetic.ops_near(60005, g, cfg.n, cfg.n_msg, 20) as message_id,
           synthetic.ops_near(60006, g, cfg.n, cfg.n_task, 400) as task_id,
           synthetic.ops_near(60007, g, cfg.n, cfg.n_purchase, 10) as purchase_id
    from cfg cross join generate_series(1, cfg.n) as g
),
n1 as (
    select r.*, v.verb, v.level, v.side, ins.doctor_id,
           coalesce(ins.number, 'C' || lpad(r.iid::text, 6, '0')) as number,
           replace(replace(v.tmpl, '{n}', coalesce(ins.number, 'C' || lpad(r.iid::text, 6, '0'))),
                   '{d}', synthetic.last_name(60010, r.iid)) as txt,
           case
               when not synthetic.ops_picked(60008, r.id, cfg.n, cfg.k_bad) then null
               when r.id <= cfg.n / cfg.k_bad or r.created < timestamptz '2017-01-01 05:00:00+00' then 'python_repr'
               when ((r.id * cfg.k_bad + cfg.n - 1) / cfg.n) % 2 = 0 then 'empty_string'
               else 'truncated'
           end as bad_kind,
           synthetic.ops_picked(60009, r.id, cfg.n, cfg.k_bulk) as is_bulk,
           extract(epoch from cfg.t1 - r.created)::float8 / 86400 as age_days,
           cfg.t1
    from rel as r
    cross join cfg
    inner join verb as v on v.vid = r.vid
    left join dispatch_instruction as ins on ins.id = r.iid
),
n2 as (
    select n1.*,
           '{"instruction": ' || n1.iid || ', "number": ' || to_json(n1.number)::text
           || case
                  when n1.vid in (3, 4, 5) then ', "plan": ' || n1.plan_id || ', "version": ' || synthetic.pick(60013, n1.id, 3)
                  when n1.vid in (6, 7) then ', "message": ' || n1.message_id
                  when n1.vid in (10, 11) then ', "task": ' || n1.task_id
                  when n1.vid in (13, 14) then ', "purchase": ' || n1.purchase_id
                  when n1.vid in (8, 15) then ', "tracking": "1Z' || upper(synthetic.ops_hex(60050, n1.id, 16)) || '"'
                  else ''
              end
           || ', "text": ' || to_json(n1.txt)::text
           || ', "url": "/cases/' || n1.iid || '/", "urgent": '
           || case when n1.level >= 2 then 'true' else 'false' end || '}' as payload_json,
           case
               when n1.is_bulk then true
               when n1.age_days > 60 then synthetic.chance(60015, n1.id, 0.93)
               else synthetic.chance(60015, n1.id, 0.55)
           end as is_read
    from n1
),
n3 as (
    select n2.*,
           case when n2.is_read then
               -- minutes to days later, and never after epoch_end
               n2.created + synthetic.ops_secs(least(30 + 3600 * 72 * power(synthetic.u(60016, n2.id), 3),
                                                     n2.age_days * 86400 * (0.1 + 0.8 * synthetic.u(60017, n2.id))))
           end as read_at
    from n2
)
insert into dispatch_notification (id, user_id, verb, level, payload, is_read, read_at, emailed,
                                   created, modified)
select n3.id,
       case when n3.side = 'office'
            then coalesce(n3.doctor_id, pool.doctor[synthetic.pick(60011, n3.id, cardinality(pool.doctor))])
            else pool.staff[synthetic.pick(60012, n3.id, cardinality(pool.staff))] end,
       n3.verb, n3.level,
       case n3.bad_kind
           when 'python_repr' then
               replace(replace(replace(replace(n3.payload_json, '"', ''''), ': true', ': True'),
                               ': false', ': False'), ': null', ': None')
           when 'empty_string' then ''
           when 'truncated' then
               left(n3.payload_json, floor(length(n3.payload_json) * (0.3 + 0.6 * synthetic.u(60018, n3.id)))::int)
           else n3.payload_json
       end,
       n3.is_read, n3.read_at,
       synthetic.chance(60019, n3.id, case when n3.level >= 2 then 0.7 else 0.25 end),
       n3.created,
       case
           -- bulk "mark all as read": modified stays at creation
           when n3.is_bulk then n3.created + synthetic.ops_secs(0.2 * synthetic.u(60020, n3.id))
           when n3.is_read then n3.read_at
           else n3.created + synthetic.ops_secs(0.2 * synthetic.u(60020, n3.id))
       end
-- (offset 0 keeps the joins below the pool: the id arrays never travel through a sort or hash)
from (select * from n3 offset 0) as n3 cross join pool;

-- the injected rows again, from the same stratified picks (k rows, not n)
with
cfg as materialized (
    select synthetic.n('dispatch_notification') as n,
           synthetic.k('dispatch_notification', 0.001) as k_bad,
           synthetic.k('dispatch_notification', 0.01) as k_bulk
),
bad as (
    select j, synthetic.ops_stratum_pick(60008, j, cfg.n, cfg.k_bad) as id, cfg.n, cfg.k_bad
    from cfg, generate_series(1, cfg.k_bad) as j
)
insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_notification', bad.id, 12,
       case
           -- created as in the insert above
           when bad.j = 1 or synthetic.ops_when(bad.id, bad.n, synthetic.u(60001, bad.id) - 0.5, synthetic.epoch_start(),
                                                synthetic.epoch_end() - interval '2 hours', 0.75)
                             < timestamptz '2017-01-01 05:00:00+00' then 'python_repr'
           when bad.j % 2 = 0 then 'empty_string'
           else 'truncated'
       end,
       'payload', null
from bad
union all
select 'dispatch_notification', synthetic.ops_stratum_pick(60009, j, cfg.n, cfg.k_bulk), 19, 'modified_not_bumped', 'modified', null
from cfg, generate_series(1, cfg.k_bulk) as j;


-- ---------------------------------------------------------------------------------------------
-- dispatch_feedback: ratings and comments, 2015 onwards, append-only.
-- source 1 = in-app rating (instruction + doctor), 2 = e-mail survey (doctor), 3 = NPS survey
-- (doctor or patient), 4 = support call logged by staff (instruction/patient, rating often NULL).
-- Issue 16: nps_scale = every source-3 row, rating 0-10, exactly k(0.05) rows;
--           zero_rating = k(0.07) non-NPS rows with rating 0 meaning "no rating" (older rows).
-- ---------------------------------------------------------------------------------------------
with
cfg as materialized (
    select synthetic.n('dispatch_feedback') as n,
           synthetic.n('dispatch_instruction') as ni,
           synthetic.n('dispatch_patient') as np,
           synthetic.k('dispatch_feedback', 0.05) as k_nps,
           synthetic.k('dispatch_feedback', 0.07) as k_zero,
           timestamptz '2015-06-01 12:00:00+00' as t0,
           synthetic.epoch_end() as t1
),
pool as materialized (
    select synthetic.ops_staff_ids() as staff, synthetic.ops_doctor_ids() as doctor
),
r0 as (
    select g as id, cfg.*,
           row_number() over (order by synthetic.u(60101, g), g) as r_nps
    from cfg, generate_series(1, cfg.n) as g
),
r1 as (
    select r0.*,
           -- zero ratings lean to old rows
           case when r0.r_nps > r0.k_nps
                then row_number() over (partition by r0.r_nps > r0.k_nps
                                        order by synthetic.u(60102, r0.id) * (0.2 + r0.id::float8 / r0.n), r0.id)
           end as r_zero
    from r0
),
f as (
    select r1.id, r1.n, r1.ni, r1.np,
           synthetic.ops_when(r1.id, r1.n, synthetic.u(60103, r1.id) - 0.5, r1.t0, r1.t1 - interval '3 hours', 0.8) as created,
           (r1.r_nps <= r1.k_nps) as is_nps,
           (r1.r_zero is not null and r1.r_zero <= r1.k_zero) as is_zero,
           case when r1.r_nps <= r1.k_nps then 3
                else synthetic.one_of(60104, r1.id, array['1', '1', '1', '1', '2', '2', '2', '4', '4'])::int
           end as source,
           synthetic.ops_near(60105, r1.id, r1.n, r1.ni, 20) as iid
    from r1
),
f2 as (
    select f.*,
           case f.source
               when 3 then null
               when 4 then case when synthetic.chance(60106, f.id, 0.6) then f.iid end
               else f.iid
           end as instruction_id,
           case
               when f.source = 3 and synthetic.chance(60107, f.id, 0.3) then coalesce(p.id, synthetic.pick(60108, f.id, f.np))
               when f.source = 4 then coalesce(p.id, synthetic.pick(60108, f.id, f.np))
           end as patient_id,
           ins.doctor_id,
           case
               when f.is_nps then
                   case when synthetic.u(60109, f.id) < 0.55 then 9 + synthetic.pick(60110, f.id, 2) - 1
                        when synthetic.u(60109, f.id) < 0.85 then 7 + synthetic.pick(60110, f.id, 2) - 1
                        else synthetic.pick(60110, f.id, 7) - 1 end
               when f.is_zero then 0
               when f.source = 4 and synthetic.chance(60111, f.id, 0.4) then null
               else case when synthetic.u(60112, f.id) < 0.50 then 5
                         when synthetic.u(60112, f.id) < 0.78 then 4
                         when synthetic.u(60112, f.id) < 0.90 then 3
                         when synthetic.u(60112, f.id) < 0.96 then 2 else 1 end
           end as rating
    from f
    left join dispatch_instruction as ins on ins.id = f.iid
    left join dispatch_patient as p on p.id = ins.patient_id
),
ins as (
    insert into dispatch_feedback (id, instruction_id, patient_id, user_id, source, rating, comment, created)
    select f2.id, f2.instruction_id, f2.patient_id,
           -- at least one reference is always set: source 3 has the doctor or the patient
           case
               when f2.source = 4 then pool.staff[synthetic.pick(60114, f2.id, cardinality(pool.staff))]
               when f2.source = 3 and synthetic.chance(60107, f2.id, 0.3) then null
               else coalesce(f2.doctor_id, pool.doctor[synthetic.pick(60113, f2.id, cardinality(pool.doctor))])
           end,
           f2.source, f2.rating,
           case
               when synthetic.chance(60116, f2.id, 0.55) then ''
               when f2.source = 4 then synthetic.one_of(60117, f2.id, array[
                   'Office called about a cracked upper aligner, sent a replacement.',
                   'Doctor asked why the case was on hold; explained the missing bite scan.',
                   'Patient called the lab directly about fit, redirected to the office.',
                   'Front desk unhappy with shipping delay, offered rush on the next stage.',
                   'Doctor praised the last setup, wants the same technician.',
                   'Billing question about the refinement charge, resolved.'])
               when f2.rating is null or f2.rating = 0 then synthetic.one_of(60118, f2.id, array[
                   'n/a', 'See previous email.', 'Did not get to rate yet.', ''])
               when (f2.is_nps and f2.rating >= 9) or (not f2.is_nps and f2.rating >= 4) then synthetic.one_of(60119, f2.id, array[
                   'Great fit, patient very happy.',
                   'Fast turnaround, thank you!',
                   'Setups are consistently good.',
                   'Love the new viewer.',
                   'Attachments were placed exactly as requested.',
                   'Support team is always helpful.'])
               else synthetic.one_of(60120, f2.id, array[
                   'Aligners did not seat well on the lower.',
                   'Shipping took too long.',
                   'Had to request changes twice.',
                   'Trim line too high on the upper.',
                   'Invoice was wrong again.',
                   'Hard to reach anyone by phone.'])
           end,
           f2.created
    from f2 cross join pool
    returning id
)
insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_feedback', f2.id, 16, 'nps_scale', 'rating', null from f2 where f2.is_nps
union all
select 'dispatch_feedback', f2.id, 16, 'zero_rating', 'rating', null from f2 where f2.is_zero;
