-- Clinical tables: tags, patients and their tags. (Milestones need instructions: 35_orders.sql.)
-- Salts 30001-30899; phone salt 30900.
--
-- Injected anomalies (docs/synthetic-anomalies.md):
--   #8  dispatch_patient office_from_doctor (office_id NULL, the doctor's usersetting office is
--       set; expected = that office id) and office_underivable (office_id NULL, no doctor);
--   #14 free-text dispatch_patient.phone (every non-empty value, expected = its E.164 form).
-- Issue 18 (soft-deleted patients that own instructions) is applied in 35_orders.sql, once the
-- instructions exist.

-- dispatch_tag: 40 free tags with hex colours.
insert into dispatch_tag (id, name, color, created)
select ord, name,
       synthetic.one_of(30001, ord, array['#ff8800', '#e53935', '#43a047', '#1e88e5', '#8e24aa',
                                          '#fdd835', '#00acc1', '#6d4c41', '#757575', '#d81b60']),
       synthetic.at_frac(0.6 * power(synthetic.u(30002, ord), 2))
from unnest(array[
    'VIP', 'Teen', 'Adult', 'Class II', 'Class III', 'Open bite', 'Deep bite', 'Crossbite',
    'Crowding', 'Spacing', 'Extraction case', 'IPR', 'Attachments', 'Refinement', 'Retainer only',
    'Financing', 'Insurance', 'Ortho referral', 'Relapse', 'Compliance issue', 'Lost aligners',
    'Needs follow-up', 'Photos missing', 'X-ray missing', 'Scan issue', 'Rush', 'Staff',
    'Family discount', 'Research', 'Case study', 'Surgery', 'Implants', 'Missing teeth', 'Bridge',
    'TMJ', 'Pediatric', 'Phase 1', 'Phase 2', 'Spanish speaking', 'Do not contact'
]) with ordinality as t (name, ord)
where ord <= synthetic.n('dispatch_tag');

-- patients, computed once. created grows over the years (ids follow it); the office is one that
-- existed at that time, the doctor one of the office's doctors (~1% a doctor of another office,
-- ~3% none); ~20% have a postal address (one of the addresses no office uses).
create temp table core_patient on commit drop as
with sizes as (
    select synthetic.n('dispatch_patient') as n_p, synthetic.n('dispatch_office') as n_o
),
office_doctor as (
    select office_id, user_id,
           row_number() over (partition by office_id order by user_id) as k,
           count(*) over (partition by office_id) as cnt
    from dispatch_office_doctors
),
office_cnt as (
    select distinct office_id, cnt from office_doctor
),
doctor as (
    select user_id, row_number() over (order by user_id) as k
    from (select distinct user_id from dispatch_office_doctors) as d
),
free_address as (
    select a.id, row_number() over (order by a.id) as k
    from dispatch_address as a
    where not exists (
        select from dispatch_office as o where a.id in (o.address_id, o.shipping_address_id)
    )
),
base as (
    select p as id,
           sqrt((p - synthetic.u(30010, p)) / s.n_p) as frac,
           synthetic.pick(30011, p, greatest(1, least(s.n_o,
               floor(s.n_o * power(sqrt(p::float8 / s.n_p), 1 / 0.7))))::bigint)::int as office_id
    from sizes as s cross join generate_series(1, s.n_p) as p
)
select b.id,
       synthetic.at_frac(b.frac) as created,
       b.office_id,
       case when synthetic.u(30012, b.id) < 0.03 then null
            when synthetic.u(30012, b.id) < 0.04 then other.user_id
            else own.user_id end as doctor_id,
       case when synthetic.chance(30013, b.id, 0.2) then fa.id end as address_id
from base as b
left join office_cnt as oc on oc.office_id = b.office_id
left join office_doctor as own
    on own.office_id = b.office_id and own.k = synthetic.pick(30014, b.id, oc.cnt)
left join doctor as other
    on other.k = synthetic.pick(30015, b.id, (select count(*) from doctor))
left join free_address as fa
    on fa.k = synthetic.pick(30016, b.id, greatest(1, (select count(*) from free_address)));

-- issue 8: office_from_doctor patients lose their office but their doctor's usersetting has one;
-- office_underivable patients (early API) have neither office nor doctor.
create temp table core_patient_issue on commit drop as
with from_doctor as (
    select p.id, us.office_id as expected
    from core_patient as p
    join dispatch_usersetting as us on us.user_id = p.doctor_id
    where us.office_id is not null
    order by synthetic.u(30020, p.id), p.id
    limit synthetic.k('dispatch_patient', 0.01)
),
underivable as (
    select p.id, null::int as expected
    from core_patient as p
    where not exists (select from from_doctor as f where f.id = p.id)
    order by p.created >= timestamptz '2016-06-01 00:00:00+00', synthetic.u(30021, p.id), p.id
    limit synthetic.k('dispatch_patient', 0.00025)
)
select id, 'office_from_doctor' as kind, expected from from_doctor
union all
select id, 'office_underivable', expected from underivable;

-- dispatch_patient. status follows the age of the record; e-mail and phone often ''.
with ins as (
    insert into dispatch_patient (id, first_name, last_name, email, phone, birth_date, sex, office_id,
                                  doctor_id, chart_number, status, notes, created, modified,
                                  address_id, medical_info, is_deleted, deleted_at)
    select p.id,
           synthetic.first_name(30030, p.id),
           synthetic.last_name(30031, p.id),
           case when synthetic.u(30032, p.id) < 0.55 then ''
                else synthetic.ascii_slug(synthetic.first_name(30030, p.id))
                     || synthetic.one_of(30033, p.id, array['.', '', '_'])
                     || synthetic.ascii_slug(synthetic.last_name(30031, p.id))
                     || case when synthetic.chance(30034, p.id, 0.4)
                             then synthetic.pick(30035, p.id, 99)::text else '' end
                     || '@' || synthetic.one_of(30036, p.id, array[
                         'gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com', 'hotmail.com',
                         'outlook.com', 'icloud.com', 'aol.com', 'comcast.net'])
           end,
           synthetic.phone(30900, p.id),
           case when synthetic.chance(30037, p.id, 0.08) then null
                else (p.created at time zone 'America/New_York')::date
                     - (case when synthetic.chance(30038, p.id, 0.3)
                             then 11 + 7 * synthetic.u(30039, p.id)
                             else 18 + 47 * synthetic.u(30039, p.id) end * 365.25)::int
           end,
           case when synthetic.u(30040, p.id) < 0.38 then 1
                when synthetic.u(30040, p.id) < 0.93 then 2
                when synthetic.u(30040, p.id) < 0.97 then 0
                else null end,
           case when i.id is not null then null else p.office_id end,
           case when i.kind = 'office_underivable' then null else p.doctor_id end,
           case when synthetic.u(30041, p.id) < 0.30 then ''
                when synthetic.u(30041, p.id) < 0.70 then synthetic.pick(30042, p.id, 99999)::text
                when synthetic.u(30041, p.id) < 0.90 then 'P-' || lpad(synthetic.pick(30042, p.id, 99999)::text, 5, '0')
                else to_char(p.created, 'YY') || '-' || lpad(synthetic.pick(30042, p.id, 9999)::text, 4, '0')
           end,
           case when a.age < interval '60 days'
                    then case when synthetic.chance(30043, p.id, 0.5) then 0 else 1 end
                when a.age < interval '730 days' then case
                    when synthetic.u(30043, p.id) < 0.05 then 0
                    when synthetic.u(30043, p.id) < 0.65 then 1
                    when synthetic.u(30043, p.id) < 0.80 then 2
                    when synthetic.u(30043, p.id) < 0.90 then 3
                    else 4 end
                else case
                    when synthetic.u(30043, p.id) < 0.05 then 1
                    when synthetic.u(30043, p.id) < 0.35 then 2
                    when synthetic.u(30043, p.id) < 0.80 then 3
                    when synthetic.u(30043, p.id) < 0.95 then 4
                    else 5 end
           end,
           case when synthetic.u(30044, p.id) < 0.75 then ''
                else synthetic.one_of(30045, p.id, array[
                    'Prefers morning appointments.', 'Parent is the primary contact.',
                    'Nervous patient, take it slow.', 'Previous ortho treatment as a teen.',
                    'Missing lateral incisor, see records.', 'Relocated; check shipping address.',
                    'Pays out of pocket.', 'Sports mouthguard requested.'])
           end,
           p.created,
           synthetic.later(p.created, make_interval(days => synthetic.pick(30046, p.id, 700)::int)),
           p.address_id,
           case when p.created < timestamptz '2016-01-01 00:00:00+00' and synthetic.chance(30047, p.id, 0.5)
                then '{}'
                else jsonb_build_object(
                    'allergies', synthetic.one_of(30048, p.id, array[
                        '', '', '', 'none', 'penicillin', 'latex', 'nickel']),
                    'conditions', case when synthetic.chance(30049, p.id, 0.75) then '[]'::jsonb
                                       else jsonb_build_array(synthetic.one_of(30050, p.id, array[
                                           'diabetes', 'asthma', 'hypertension', 'bruxism', 'TMJ disorder',
                                           'periodontal disease'])) end,
                    'medications', '',
                    'smoker', synthetic.chance(30051, p.id, 0.08),
                    'pregnant', false,
                    'consent_signed', synthetic.chance(30052, p.id, 0.9)
                )::text
           end,
           false,
           null
    from core_patient as p
    cross join lateral (select synthetic.epoch_end() - p.created as age) as a
    left join core_patient_issue as i on i.id = p.id
    order by p.id
    returning id, phone
)
insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_patient', id, 14, 'free_text_phone', 'phone', synthetic.phone_e164(30900, id)
from ins where phone <> ''
union all
select 'dispatch_patient', id, 8, kind, 'office_id', expected::text
from core_patient_issue;

-- dispatch_patient_tags: one or two distinct tags for some patients (popular tags first).
insert into dispatch_patient_tags (id, patient_id, tag_id)
with n_tags as (select count(*) as cnt from dispatch_tag),
first_tag as (
    select p.id as patient_id, 1 + floor(t.cnt * power(synthetic.u(30060, p.id), 2))::int as tag_id
    from dispatch_patient as p cross join n_tags as t
)
select row_number() over (order by patient_id, tag_id), patient_id, tag_id
from (
    select patient_id, tag_id, synthetic.u(30061, patient_id) as score
    from first_tag
    union all
    select f.patient_id, ((f.tag_id - 1 + synthetic.pick(30062, f.patient_id, t.cnt - 1)) % t.cnt + 1)::int,
           1 + synthetic.u(30063, f.patient_id)
    from first_tag as f cross join n_tags as t
    where t.cnt > 1
    order by score, patient_id
    limit synthetic.n('dispatch_patient_tags')
) as links;

drop table core_patient_issue;
drop table core_patient;

analyze dispatch_patient;
analyze dispatch_tag;
