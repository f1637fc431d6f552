-- Files and communication: files, case messages and their attachments, doctor notes, the old
-- generic record log, lab comments and templates; then the issue-18 soft deletes of instructions.
-- Salts 40001-40899.
--
-- Injected anomalies (docs/synthetic-anomalies.md):
--   #4  dispatch_message orphan_instruction (an issue-1 orphan) and missing_instruction;
--   #5  dispatch_record retired_type, unexpected_content_type, missing_object;
--   #6  dispatch_file missing_patient (patient file whose patient does not exist);
--   #12 dispatch_record.data '' (empty_string) on most pre-2017 rows;
--   #18 dispatch_instruction soft_deleted_parent (soft-deleted orders that still own files and
--       messages).
-- dispatch_record_attachments has 0 rows in production and stays empty.

set local work_mem = '128MB';

-- non-orphan instructions in id (= time) order, numbered 1..n for cheap random picks
create temp table core_inst on commit drop as
select i.id, row_number() over (order by i.id)::int as k, i.patient_id, i.office_id, i.doctor_id,
       i.created_by_id, i.kind, i.status, i.number, i.created, i.submitted_at
from dispatch_instruction as i
where not exists (
    select from synthetic.anomalies as a
    where a.table_name = 'dispatch_instruction' and a.issue = 1 and a.legacy_id = i.id
);
create unique index on core_inst (k);
analyze core_inst;

create temp table core_staff on commit drop as
select id as user_id, row_number() over (order by id)::int as k
from auth_user where is_staff and id > 1;

-- dispatch_file: ~47.7% order files (content type dispatch.instruction, only on instructions that
-- are not issue-1 orphans): the setup project archives of exported projects, then scans, photos,
-- radiographs, plan reports and other uploads; ~52.3% case files of patients (dispatch.patient).
-- storage 1 (local disk) before 2018, 2 (S3) after; size often NULL before 2016; sha1 '' when
-- never computed, shared by re-uploads. dispatch_project.project_file_id points at the archive.
-- Issue 6: a few patient files of patients that no longer exist.
with ct as (
    select (select id from django_content_type where app_label = 'dispatch' and model = 'instruction') as instruction,
           (select id from django_content_type where app_label = 'dispatch' and model = 'patient') as patient
),
sizes as (
    select synthetic.n('dispatch_file') as n_f,
           round(synthetic.n('dispatch_file') * 0.477)::bigint as n_if,
           synthetic.n('dispatch_file') - round(synthetic.n('dispatch_file') * 0.477)::bigint as n_pf,
           (select count(*) from core_inst) as n_inst,
           synthetic.n('dispatch_patient') as n_p,
           synthetic.k('dispatch_file', 0.0000125) as k_missing
),
archives as (
    select p.id as project_id, p.instruction_id, p.technician_id, p.name,
           coalesce(p.finished_at, p.started_at, p.created) as created
    from dispatch_project as p
    where p.status in (2, 3, 4) and p.software in (2, 3) and synthetic.chance(40001, p.id, 0.6)
      and exists (select from core_inst as i where i.id = p.instruction_id)
    order by synthetic.u(40002, p.id), p.id
    limit (select n_if / 4 from sizes)
),
rows as (
    -- 1: project archives
    select 1 as src, a.project_id as key, ct.instruction as content_type_id, a.instruction_id as object_id,
           8 as kind, a.created, a.technician_id as uploaded_by_id, a.name || '.zip' as name,
           a.project_id, false as missing
    from archives as a cross join ct
    union all
    -- 2: other order files
    select 2, f.j, ct.instruction, i.id, f.kind,
           synthetic.later(coalesce(i.submitted_at, i.created), case
               when f.kind = 7 then make_interval(days => 8 + synthetic.pick(40011, f.j, 30)::int)
               when f.kind = 9 then make_interval(hours => synthetic.pick(40011, f.j, 1400)::int)
               else make_interval(mins => synthetic.pick(40011, f.j, 4000)::int) end),
           case when f.kind = 7 then st.user_id
                when synthetic.chance(40012, f.j, 0.05) then null
                else coalesce(i.created_by_id, i.doctor_id) end,
           null, null, false
    from (
        select j, synthetic.pick(40010, j, s.n_inst)::int as inst_k,
               case when synthetic.u(40013, j) < 0.20 then 1
                    when synthetic.u(40013, j) < 0.40 then 2
                    when synthetic.u(40013, j) < 0.50 then 3
                    when synthetic.u(40013, j) < 0.70 then 4
                    when synthetic.u(40013, j) < 0.78 then 5
                    when synthetic.u(40013, j) < 0.84 then 6
                    when synthetic.u(40013, j) < 0.93 then 7
                    else 9 end as kind
        from sizes as s
        cross join generate_series(1, s.n_if - (select count(*) from archives)) as j
    ) as f
    cross join ct
    join core_inst as i on i.k = f.inst_k
    left join core_staff as st on st.k = synthetic.pick(40014, f.j, (select count(*) from core_staff))
    union all
    -- 3: case files of patients, uploaded over the years on patients created shortly before; the
    -- first k_missing ones belong to deleted patients (issue 6)
    select 3, f.j, ct.patient, coalesce(p.id, f.patient_id), f.kind,
           case when p.id is null then synthetic.at_frac(f.x)
                else greatest(synthetic.at_frac(f.x),
                              synthetic.later(p.created,
                                              make_interval(mins => synthetic.pick(40022, f.j, 1440)::int)))
           end,
           case when synthetic.u(40023, f.j) < 0.2 then st.user_id
                when synthetic.u(40023, f.j) < 0.25 then null
                else p.doctor_id end,
           null, null, p.id is null
    from (
        select j, x,
               case when j <= s.k_missing then s.n_p + synthetic.pick(40020, j, 50)
                    else greatest(1, least(s.n_p, floor(s.n_p * power(greatest(0.0,
                             x - 0.06 * power(synthetic.u(40021, j), 2)), 2))))
               end::int as patient_id,
               case when synthetic.u(40024, j) < 0.40 then 4
                    when synthetic.u(40024, j) < 0.65 then 5
                    when synthetic.u(40024, j) < 0.75 then 6
                    when synthetic.u(40024, j) < 0.81 then 1
                    when synthetic.u(40024, j) < 0.87 then 2
                    else 9 end as kind
        from sizes as s
        cross join generate_series(1, s.n_pf) as j
        cross join lateral (select sqrt((j - synthetic.u(40026, j)) / s.n_pf) as x) as t
    ) as f
    cross join ct
    left join dispatch_patient as p on p.id = f.patient_id
    left join core_staff as st on st.k = synthetic.pick(40025, f.j, (select count(*) from core_staff))
),
numbered as (
    select row_number() over (order by r.created, r.src, r.key)::int as id, r.*
    from rows as r
),
named as (
    select n.*,
           coalesce(n.name, case n.kind
               when 1 then synthetic.one_of(40030, n.id, array['upper.stl', 'UpperJaw.stl', 'maxillary.stl',
                                                              'Upper_Arch_Export.stl', 'scan_upper.stl'])
               when 2 then synthetic.one_of(40030, n.id, array['lower.stl', 'LowerJaw.stl', 'mandibular.stl',
                                                              'Lower_Arch_Export.stl', 'scan_lower.stl'])
               when 3 then synthetic.one_of(40030, n.id, array['bite.stl', 'BiteScan.stl', 'occlusion.stl'])
               when 4 then case when synthetic.chance(40031, n.id, 0.6)
                                then 'IMG_' || lpad(synthetic.pick(40032, n.id, 9999)::text, 4, '0')
                                     || synthetic.one_of(40033, n.id, array['.JPG', '.jpg', '.jpeg'])
                                else 'intraoral_' || synthetic.pick(40032, n.id, 8) || '.jpg' end
               when 5 then synthetic.one_of(40030, n.id, array[
                   'smile.jpg', 'profile.jpeg', 'frontal.jpg',
                   'IMG_' || lpad(synthetic.pick(40032, n.id, 9999)::text, 4, '0') || '.HEIC'])
               when 6 then synthetic.one_of(40030, n.id, array[
                   'pano.jpg', 'ceph.png', 'xray.dcm', 'OPG.jpg', 'panoramic.png'])
               when 7 then 'treatment_plan_v' || synthetic.pick(40032, n.id, 4) || '.pdf'
               else synthetic.one_of(40030, n.id, array['rx_form.pdf', 'notes.docx', 'scan_export.zip',
                                                       'referral_letter.pdf', 'consent.pdf', 'photo.png'])
           end) as file_name
    from numbered as n
),
ins as (
    insert into dispatch_file (id, content_type_id, object_id, kind, name, path, size, mime, sha1,
                               uploaded_by_id, created, modified, storage, is_deleted, deleted_at)
    select f.id, f.content_type_id, f.object_id, f.kind, f.file_name,
           case when f.created < timestamptz '2018-03-01 00:00:00+00'
                then 'uploads/' || to_char(f.created at time zone 'America/New_York', 'YYYY/MM') || '/'
                     || left(md5(synthetic.u(40040, f.id)::text), 8) || '_' || f.file_name
                else case when f.src = 3 then 'patients/' else 'instructions/' end || f.object_id || '/'
                     || left(md5(synthetic.u(40040, f.id)::text), 12) || '/' || f.file_name
           end,
           case when f.created < timestamptz '2016-01-01 00:00:00+00' and synthetic.chance(40041, f.id, 0.7) then null
                else (case when f.kind in (1, 2, 3) then 2000000 + 33000000 * synthetic.u(40042, f.id)
                           when f.kind in (4, 5) then 300000 + 5700000 * synthetic.u(40042, f.id)
                           when f.kind = 6 then 500000 + 9500000 * synthetic.u(40042, f.id)
                           when f.kind = 7 then 100000 + 2900000 * synthetic.u(40042, f.id)
                           when f.kind = 8 then 20000000 + 380000000 * synthetic.u(40042, f.id)
                           else 20000 + 4980000 * synthetic.u(40042, f.id) end)::int
           end,
           case lower(substring(f.file_name from '\.([A-Za-z]+)$'))
               when 'stl' then case when synthetic.u(40043, f.id) < 0.6 then 'application/octet-stream'
                                    when synthetic.u(40043, f.id) < 0.85 then 'model/stl'
                                    else 'application/sla' end
               when 'jpg' then 'image/jpeg'
               when 'jpeg' then 'image/jpeg'
               when 'heic' then 'image/heic'
               when 'png' then 'image/png'
               when 'dcm' then 'application/dicom'
               when 'pdf' then 'application/pdf'
               when 'zip' then case when synthetic.chance(40043, f.id, 0.2) then 'application/x-zip-compressed'
                                    else 'application/zip' end
               when 'docx' then 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
               else 'application/octet-stream'
           end,
           case when (f.created < timestamptz '2017-01-01 00:00:00+00' and synthetic.chance(40044, f.id, 0.8))
                     or synthetic.chance(40045, f.id, 0.02) then ''
                when synthetic.chance(40046, f.id, 0.03)
                    -- the same scan uploaded twice: same digest for the same object and kind
                    then md5(synthetic.u(40047, f.object_id::bigint * 16 + f.kind)::text)
                         || left(md5(synthetic.u(40048, f.object_id::bigint * 16 + f.kind)::text), 8)
                else md5(synthetic.u(40047, f.id)::text) || left(md5(synthetic.u(40048, f.id)::text), 8)
           end,
           f.uploaded_by_id,
           f.created,
           case when d.deleted then d.deleted_at
                when synthetic.chance(40049, f.id, 0.8) then f.created
                else synthetic.later(f.created, make_interval(days => synthetic.pick(40050, f.id, 200)::int)) end,
           case when f.created < timestamptz '2018-03-01 00:00:00+00' then 1 else 2 end,
           d.deleted,
           d.deleted_at
    from named as f
    cross join lateral (
        select synthetic.chance(40051, f.id, 0.015) as deleted,
               case when synthetic.chance(40051, f.id, 0.015)
                    then synthetic.later(f.created, make_interval(days => 1 + synthetic.pick(40052, f.id, 300)::int))
               end
                   as deleted_at
    ) as d
    order by f.id
    returning id
),
archive_links as (
    update dispatch_project as p
    set project_file_id = n.id
    from numbered as n
    where n.src = 1 and n.project_id = p.id
    returning p.id
)
insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_file', id, 6, 'missing_patient', 'object_id', null
from numbered where missing;

analyze dispatch_file;

-- dispatch_message: case messages 2018-2025, on instructions created in the 18 months before;
-- kinds ~50% patient questions, 25% doctor responses, 22% clinical notes, 3% treatment updates;
-- doctor responses reply to the previous message of the case. Issue 4: messages on issue-1
-- orphan instructions and on instructions that do not exist.
create temp table core_message on commit drop as
with sizes as (
    select synthetic.n('dispatch_message') as n_m, (select count(*) from core_inst) as n_inst,
           synthetic.k('dispatch_message', 0.002) as k_orphan,
           synthetic.k('dispatch_message', 0.002) as k_missing,
           extract(epoch from synthetic.epoch_end() - synthetic.epoch_start())::float8 as span
),
orphans as (
    select legacy_id as instruction_id, row_number() over (order by legacy_id) as k
    from synthetic.anomalies
    where table_name = 'dispatch_instruction' and issue = 1
),
timeline as (
    select j,
           timestamptz '2018-01-02 14:00:00+00'
               + (synthetic.epoch_end() - timestamptz '2018-01-02 14:00:00+00')
                 * power((j - synthetic.u(40100, j)) / s.n_m, 0.8) as t,
           case when j <= s.k_orphan then 'orphan_instruction'
                when j <= s.k_orphan + s.k_missing then 'missing_instruction' end as special
    from sizes as s cross join generate_series(1, s.n_m) as j
),
windowed as (
    -- instructions created in [t - 18 months, t], by the instructions' growth curve
    select t.*,
           greatest(1, floor(s.n_inst * power(greatest(0.0, x.t_from), 2)))::int as lo,
           greatest(1, floor(s.n_inst * power(x.t_to, 2)))::int as hi
    from timeline as t
    cross join sizes as s
    cross join lateral (
        select extract(epoch from t.t - interval '18 months' - synthetic.epoch_start())::float8 / s.span as t_from,
               extract(epoch from t.t - synthetic.epoch_start())::float8 / s.span as t_to
    ) as x
),
rows as (
    select w.j, w.special,
           case w.special
               when 'orphan_instruction' then o.instruction_id
               when 'missing_instruction' then synthetic.n('dispatch_instruction') + synthetic.pick(40101, w.j, 500)
               else i.id end::int as instruction_id,
           case when w.special is null then greatest(w.t, i.created + interval '1 hour') else w.t end as created,
           case when synthetic.u(40102, w.j) < 0.496 then 1
                when synthetic.u(40102, w.j) < 0.741 then 2
                when synthetic.u(40102, w.j) < 0.970 then 3
                else 4 end as kind,
           i.doctor_id, i.created_by_id, i.number
    from windowed as w
    left join core_inst as i
        on w.special is null and i.k = w.lo + synthetic.pick(40103, w.j, greatest(1, w.hi - w.lo + 1)) - 1
    left join orphans as o
        on w.special = 'orphan_instruction' and o.k = synthetic.pick(40104, w.j, (select count(*) from orphans))
)
select row_number() over (order by r.created, r.j)::int as id, r.*
from rows as r;

insert into dispatch_message (id, instruction_id, sender_id, kind, subject, body, is_read, read_at,
                              created, modified, reply_to_id)
select m.id, m.instruction_id,
       case m.kind
           when 1 then st.user_id
           when 2 then coalesce(m.doctor_id, m.created_by_id)
           when 3 then case when synthetic.chance(40110, m.id, 0.6) then coalesce(m.doctor_id, st.user_id)
                            else st.user_id end
           else case when synthetic.chance(40110, m.id, 0.6) then null else st.user_id end
       end,
       m.kind,
       case m.kind
           when 1 then 'Question about case ' || coalesce(m.number, '#' || m.instruction_id)
           when 2 then 'Re: Question about case ' || coalesce(m.number, '#' || m.instruction_id)
           when 3 then 'Clinical note: ' || coalesce(m.number, '#' || m.instruction_id)
           else 'Treatment update: ' || coalesce(m.number, '#' || m.instruction_id)
       end,
       case m.kind
           when 1 then synthetic.one_of(40111, m.id, array[
               'The lower scan is missing the distal of 37. Could you send a new scan?',
               'Please confirm whether we may place attachments on 13 and 23.',
               'The bite registration does not match the scans. Please advise.',
               'Do you want us to include IPR on the lower anterior teeth?',
               'Photos are missing. Please upload intraoral and extraoral photos.'])
           when 2 then synthetic.one_of(40111, m.id, array[
               'New scan uploaded this morning.', 'Yes, attachments are fine.',
               'No IPR please, the patient declined.', 'Please proceed as planned.',
               'Photos uploaded. Thanks!', 'Let us discuss by phone, call the office.'])
           when 3 then synthetic.one_of(40111, m.id, array[
               'Patient reports mild discomfort on 21, monitoring.',
               'Tracking well at stage 10, continue.', 'Aligner 6 not seating on 33, chewies advised.',
               'Elastics started on the right side.', 'Patient lost aligner 12, ordered a replacement.'])
           else synthetic.one_of(40111, m.id, array[
               'Your aligners have shipped.', 'The setup is ready for your review.',
               'The case is on hold until new records arrive.', 'Production started today.'])
       end,
       r.is_read,
       r.read_at,
       m.created,
       coalesce(r.read_at, m.created),
       case when m.kind = 2 then lag(m.id) over (partition by m.instruction_id order by m.id) end
from core_message as m
left join core_staff as st on st.k = synthetic.pick(40113, m.id, (select count(*) from core_staff))
cross join lateral (
    select rd.is_read,
           case when rd.is_read
                then synthetic.later(m.created, make_interval(mins => 5 + synthetic.pick(40112, m.id, 4000)::int))
           end as read_at
    from (
        select case when synthetic.epoch_end() - m.created < interval '7 days' then synthetic.chance(40114, m.id, 0.5)
                    else synthetic.chance(40114, m.id, 0.95) end as is_read
    ) as rd
) as r
order by m.id;

insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_message', id, 4, special, 'instruction_id', null
from core_message where special is not null;

analyze dispatch_message;

-- dispatch_message_attachments: files of the message's own instruction, usually one per message,
-- unique (message, file) pairs.
insert into dispatch_message_attachments (id, message_id, file_id)
with ct as (
    select id from django_content_type where app_label = 'dispatch' and model = 'instruction'
),
candidates as (
    select m.id as message_id, f.id as file_id,
           row_number() over (partition by m.id order by synthetic.u(40120, f.id), f.id) as rn
    from dispatch_message as m
    join dispatch_file as f on f.object_id = m.instruction_id and f.content_type_id = (select id from ct)
)
select row_number() over (order by message_id, file_id), message_id, file_id
from (
    select message_id, file_id
    from candidates
    order by (rn - 1) * 0.5 + synthetic.u(40121, message_id), message_id, file_id
    limit synthetic.n('dispatch_message_attachments')
) as links;

-- dispatch_doctornote: the doctor's own notes on an instruction.
insert into dispatch_doctornote (id, instruction_id, author_id, text, is_private, created, modified)
with rows as (
    select j, i.id as instruction_id, i.doctor_id, i.created_by_id,
           synthetic.later(i.created, make_interval(hours => synthetic.pick(40130, j, 2000)::int)) as created
    from generate_series(1, synthetic.n('dispatch_doctornote')) as j
    join core_inst as i on i.k = synthetic.pick(40131, j, (select count(*) from core_inst))
),
numbered as (
    select row_number() over (order by created, j)::int as id, r.* from rows as r
)
select n.id, n.instruction_id,
       case when synthetic.u(40132, n.id) < 0.85 then coalesce(n.doctor_id, n.created_by_id)
            when synthetic.u(40132, n.id) < 0.97 then n.created_by_id end,
       synthetic.one_of(40133, n.id, array[
           'Patient wants to finish before the wedding in June.', 'Check 12 rotation on the next setup.',
           'Patient is a smoker; warn about staining.', 'Consider elastics for class II correction.',
           'Remember to remove attachments at the end.', 'Mother asked about cost of refinement.',
           'Patient compliance is poor, 14 h per day.', 'Bridge 35-37, no movement please.']),
       synthetic.chance(40134, n.id, 0.15),
       n.created,
       case when synthetic.chance(40135, n.id, 0.8) then n.created
            else synthetic.later(n.created, make_interval(days => synthetic.pick(40136, n.id, 60)::int)) end
from numbered as n
order by n.id;

-- dispatch_record: the old generic log (notes and notifications) over the whole history, on
-- patients (types 5, 6, 8) or users through the proxy dispatch.user (type 3). data is '' on most
-- pre-2017 rows (issue 12). Issue 5: retired types (pre-2016), unexpected content types, missing
-- objects.
create temp table core_record on commit drop as
with ct as (
    select (select id from django_content_type where app_label = 'dispatch' and model = 'patient') as patient,
           (select id from django_content_type where app_label = 'dispatch' and model = 'user') as usr,
           (select id from django_content_type where app_label = 'dispatch' and model = 'instruction') as instruction
),
sizes as (
    select synthetic.n('dispatch_record') as n_r, synthetic.n('dispatch_patient') as n_p,
           synthetic.n('auth_user') as n_u, (select count(*) from core_inst) as n_inst,
           synthetic.k('dispatch_record', 0.0001) as k_retired,
           synthetic.k('dispatch_record', 0.0001) as k_ct,
           synthetic.k('dispatch_record', 0.0003) as k_missing
),
base as (
    select j, (j - synthetic.u(40200, j)) / s.n_r as x,
           case when synthetic.u(40201, j) < 0.0213 then 3
                when synthetic.u(40201, j) < 0.5418 then 5
                when synthetic.u(40201, j) < 0.9621 then 6
                else 8 end as type
    from sizes as s cross join generate_series(1, s.n_r) as j
),
ranked as (
    select b.*,
           row_number() over (order by b.x >= 0.09, synthetic.u(40202, b.j), b.j) as rk_retired
    from base as b
),
special as (
    select r.*,
           case when r.rk_retired <= s.k_retired then 'retired_type' end as special0
    from ranked as r cross join sizes as s
),
special2 as (
    select sp.*,
           case when sp.special0 is not null then sp.special0
                when rk2 <= s.k_ct then 'unexpected_content_type'
                when rk2 <= s.k_ct + s.k_missing then 'missing_object' end as special
    from (
        select sp.*, row_number() over (order by sp.special0 is not null, synthetic.u(40203, sp.j), sp.j) as rk2
        from special as sp
    ) as sp
    cross join sizes as s
)
select sp.j, synthetic.at_frac(sp.x) as created, sp.special,
       case when sp.special = 'retired_type' then synthetic.one_of(40204, sp.j, array['1', '2', '4', '7'])::int
            else sp.type end as type,
       case when sp.special = 'unexpected_content_type' then ct.instruction
            when sp.type = 3 and sp.special is distinct from 'retired_type' then ct.usr
            else ct.patient end as content_type_id,
       case when sp.special = 'unexpected_content_type' then synthetic.pick(40205, sp.j, s.n_inst)::int
            when sp.type = 3 and sp.special is distinct from 'retired_type'
                then case when sp.special = 'missing_object' then s.n_u + synthetic.pick(40206, sp.j, 200)
                          else st.user_id end
            when sp.special = 'missing_object' then s.n_p + synthetic.pick(40206, sp.j, 200)
            else synthetic.pick(40207, sp.j, greatest(1, least(s.n_p, floor(s.n_p * sp.x * sp.x)))::bigint)
       end::int as object_id
from special2 as sp
cross join ct
cross join sizes as s
left join core_staff as st on st.k = synthetic.pick(40208, sp.j, (select count(*) from core_staff));

-- unexpected content type rows point at an existing instruction (instruction k -> id)
update core_record as r
set object_id = i.id
from core_inst as i
where r.special = 'unexpected_content_type' and i.k = r.object_id;

with numbered as (
    select row_number() over (order by r.created, r.j)::int as id, r.*
    from core_record as r
),
ins as (
    insert into dispatch_record (id, content_type_id, object_id, type, title, text, data, author_id,
                                 visible_to_doctor, emailed, created, modified)
    select n.id, n.content_type_id, n.object_id, n.type,
           case n.type
               when 3 then 'Message to technician'
               when 5 then synthetic.one_of(40210, n.id, array['Clinical note', 'Treatment instruction', 'Note'])
               when 6 then synthetic.one_of(40210, n.id, array[
                   'Thank you for choosing us', 'Your aligners are on the way', 'Appointment reminder'])
               when 8 then synthetic.one_of(40210, n.id, array['Status changed', 'Case updated'])
               else 'Legacy entry'
           end,
           case n.type
               when 3 then synthetic.one_of(40211, n.id, array['Please double-check the midline.',
                   'Can you add passive aligners?', 'Call me about case options.'])
               when 5 then synthetic.one_of(40211, n.id, array['Continue with current aligner every 2 weeks.',
                   'Patient to wear elastics 3/16 heavy.', 'Re-evaluate after stage 12.', 'Start refinement scan.'])
               when 6 then synthetic.one_of(40211, n.id, array[
                   'Dear patient, thank you for starting treatment with us.',
                   'Your next set of aligners has shipped.', 'Reminder: your check-in is next week.'])
               when 8 then synthetic.one_of(40211, n.id, array['Status changed to in treatment.',
                   'Status changed to retention.', 'Status changed to finished.'])
               else 'Imported from the previous system.'
           end,
           case when n.created < timestamptz '2017-01-01 00:00:00+00' and synthetic.chance(40212, n.id, 0.85) then ''
                else jsonb_build_object(
                    'template', case n.type when 6 then 'patient_notification' when 8 then 'status_update'
                                            when 3 then 'doctor_message' else 'clinical_note' end,
                    'vars', jsonb_build_object('object_id', n.object_id,
                                               'channel', synthetic.one_of(40213, n.id, array['email', 'app'])),
                    'link', case when n.type = 3 then '/users/' else '/patients/' end || n.object_id || '/'
                )::text
           end,
           case when n.type in (6, 8) and synthetic.chance(40214, n.id, 0.8) then null
                when synthetic.chance(40215, n.id, 0.1) then null
                else st.user_id end,
           n.type <> 5 or synthetic.chance(40216, n.id, 0.7),
           case when n.type = 6 then synthetic.chance(40217, n.id, 0.8) else synthetic.chance(40217, n.id, 0.2) end,
           n.created,
           case when synthetic.chance(40218, n.id, 0.9) then n.created
                else synthetic.later(n.created, make_interval(days => synthetic.pick(40219, n.id, 30)::int)) end
    from numbered as n
    left join core_staff as st on st.k = synthetic.pick(40220, n.id, (select count(*) from core_staff))
    order by n.id
    returning id, data
)
insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_record', id, 12, 'empty_string', 'data', null
from ins where data = ''
union all
select 'dispatch_record', n.id, 5, n.special,
       case n.special when 'retired_type' then 'type' when 'unexpected_content_type' then 'content_type_id'
                      else 'object_id' end,
       null
from numbered as n where n.special is not null;

-- dispatch_comment: internal lab notes, mostly on an instruction (NULL = general team note).
insert into dispatch_comment (id, instruction_id, author_id, text, is_pinned, created, modified, is_deleted)
with rows as (
    select j,
           synthetic.at_frac(sqrt((j - synthetic.u(40300, j)) / synthetic.n('dispatch_comment'))) as t
    from generate_series(1, synthetic.n('dispatch_comment')) as j
),
picked as (
    select r.j,
           case when synthetic.chance(40301, r.j, 0.1) then null else i.id end as instruction_id,
           case when synthetic.chance(40301, r.j, 0.1) then r.t
                else greatest(r.t, i.created + interval '1 hour') end as created
    from rows as r
    join core_inst as i
        on i.k = synthetic.pick(40302, r.j, greatest(1, floor(
                     (select count(*) from core_inst)
                     * power(extract(epoch from r.t - synthetic.epoch_start())::float8
                             / extract(epoch from synthetic.epoch_end() - synthetic.epoch_start())::float8, 2)
                 ))::bigint)
),
numbered as (
    select row_number() over (order by created, j)::int as id, p.* from picked as p
)
select n.id, n.instruction_id, st.user_id,
       case when n.instruction_id is null
            then synthetic.one_of(40303, n.id, array['Printer 3 down until Monday.',
                'Reminder: QC checklist v2 is mandatory from today.', 'Holiday schedule posted.'])
            else synthetic.one_of(40303, n.id, array['Scan quality poor, asked the office for a rescan.',
                'Doctor is picky about attachments, double-check.', 'Rush case, ship by Friday.',
                'Segmentation redone after QC fail.', 'Waiting on doctor approval since last week.',
                'Patient moved to another office.']) end,
       synthetic.chance(40304, n.id, 0.05),
       n.created,
       case when synthetic.chance(40305, n.id, 0.85) then n.created
            else synthetic.later(n.created, make_interval(days => synthetic.pick(40306, n.id, 20)::int)) end,
       synthetic.chance(40307, n.id, 0.03)
from numbered as n
left join core_staff as st on st.k = synthetic.pick(40308, n.id, (select count(*) from core_staff))
order by n.id;

-- dispatch_template: e-mail, SMS and in-app templates in Django template syntax; English for
-- every template, Spanish for some; kind = the message kind a template is offered for.
insert into dispatch_template (id, name, slug, channel, kind, locale, subject, body, is_active,
                               created, modified)
with bases as (
    select ord, base, kind
    from (values
        (1, 'instruction-submitted', null::smallint), (2, 'plan-ready', null), (3, 'plan-approved', null),
        (4, 'aligners-shipped', null), (5, 'records-missing', null), (6, 'message-new', null),
        (7, 'patient-question', 1), (8, 'doctor-response', 2), (9, 'clinical-note', 3),
        (10, 'treatment-update', 4), (11, 'case-on-hold', null), (12, 'due-date-changed', null),
        (13, 'invoice-issued', null), (14, 'payment-received', null), (15, 'password-reset', null),
        (16, 'welcome', null), (17, 'refinement-requested', null), (18, 'retainer-reminder', null),
        (19, 'shipment-delivered', null), (20, 'feedback-request', null), (21, 'nps-survey', null),
        (22, 'holiday-closure', null), (23, 'account-deactivated', null), (24, 'new-login', null),
        (25, 'monthly-statement', null)
    ) as b (ord, base, kind)
),
combos as (
    select b.ord, b.base, b.kind, c.channel, c.locale,
           row_number() over (order by c.sort, b.ord) as k
    from bases as b
    join (values (1, 1, 'en'), (2, 2, 'en'), (3, 3, 'en'), (4, 1, 'es'), (5, 2, 'es'))
        as c (sort, channel, locale)
        on (c.sort = 1)
        or (c.sort = 2 and b.ord <= 12)
        or (c.sort = 3 and b.ord <= 10)
        or (c.sort = 4 and b.ord <= 12)
        or (c.sort = 5 and b.ord <= 6)
)
select k, initcap(replace(base, '-', ' ')) || case channel when 2 then ' (SMS)' when 3 then ' (in-app)' else '' end
              || case when locale = 'es' then ' [es]' else '' end,
       base || case channel when 2 then '-sms' when 3 then '-app' else '' end
            || case when locale = 'es' then '-es' else '' end,
       channel, kind, locale,
       case when channel = 2 then ''
            when locale = 'es' then 'Caso {{ instruction.number }}: ' || replace(base, '-', ' ')
            else 'Case {{ instruction.number }}: ' || replace(base, '-', ' ') end,
       case when locale = 'es'
            then 'Hola {{ user.first_name }},' || E'\n\n'
                 || '{% if instruction %}Caso {{ instruction.number }}. {% endif %}' || 'Gracias.'
            else 'Dear {{ user.get_full_name }},' || E'\n\n'
                 || '{% if instruction %}Case {{ instruction.number }} for {{ instruction.patient }}. {% endif %}'
                 || '{{ body|linebreaks }}' || E'\n\n' || 'The lab team'
       end,
       not (base in ('holiday-closure', 'monthly-statement') and locale = 'es'),
       synthetic.at_frac(0.02 + 0.5 * synthetic.u(40400, k)),
       synthetic.at_frac(0.55 + 0.4 * synthetic.u(40401, k))
from combos
where k <= synthetic.n('dispatch_template');

-- issue 18: soft-deleted instructions that still own live files (and messages where possible);
-- soft delete bumps modified. Then soft-deleted patients get a deletion time after their
-- children (files, records, milestones) were created.
with children as (
    select f.object_id as instruction_id, max(f.created) as last_child
    from dispatch_file as f
    join django_content_type as ct on ct.id = f.content_type_id
    where ct.app_label = 'dispatch' and ct.model = 'instruction'
    group by f.object_id
),
with_messages as (
    select c.instruction_id, greatest(c.last_child, max(m.created)) as last_child, count(m.id) > 0 as has_message
    from children as c
    left join dispatch_message as m on m.instruction_id = c.instruction_id
    group by c.instruction_id, c.last_child
),
victims as (
    select w.instruction_id,
           synthetic.later(greatest(w.last_child, i.modified),
                           make_interval(days => 1 + synthetic.pick(40501, i.id, 60)::int)) as deleted_at
    from with_messages as w
    join dispatch_instruction as i on i.id = w.instruction_id
    order by not w.has_message, synthetic.u(40500, w.instruction_id), w.instruction_id
    limit synthetic.k('dispatch_instruction', 0.01)
),
upd as (
    update dispatch_instruction as i
    set is_deleted = true,
        deleted_at = v.deleted_at,
        modified = v.deleted_at
    from victims as v
    where v.instruction_id = i.id
    returning i.id
)
insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_instruction', id, 18, 'soft_deleted_parent', 'is_deleted', null from upd;

with last_child as (
    select p.id, max(x.created) as last_child
    from dispatch_patient as p
    join (
        select object_id as patient_id, created from dispatch_file
        where content_type_id = (select id from django_content_type where app_label = 'dispatch' and model = 'patient')
        union all
        select object_id, created from dispatch_record
        where content_type_id = (select id from django_content_type where app_label = 'dispatch' and model = 'patient')
        union all
        select patient_id, created from dispatch_milestone
    ) as x on x.patient_id = p.id
    where p.is_deleted
    group by p.id
)
update dispatch_patient as p
set deleted_at = synthetic.later(l.last_child, make_interval(days => 1 + synthetic.pick(40502, p.id, 30)::int)),
    modified = synthetic.later(l.last_child, make_interval(days => 1 + synthetic.pick(40502, p.id, 30)::int))
from last_child as l
where l.id = p.id and l.last_child > p.deleted_at;

drop table core_record;
drop table core_message;
drop table core_staff;
drop table core_inst;

analyze dispatch_file;
analyze dispatch_message;
analyze dispatch_record;
analyze dispatch_instruction;
analyze dispatch_patient;

set local work_mem to default;
