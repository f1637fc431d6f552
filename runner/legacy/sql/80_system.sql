-- System tables (excluded from the migration, filled realistically): dispatch_apitoken,
-- dispatch_passwordreset, dispatch_emailqueue, dispatch_smslog, dispatch_auditlog,
-- dispatch_importjob, dispatch_holiday, dispatch_userdevice. Salts: 80001-80999.
-- The secrets (api keys, reset tokens, push tokens) look real, so that a test can prove the
-- migration never copies them.

-- e-mail local part: ASCII only (José -> jose, O'Brien -> obrien)
create function synthetic.ops_ascii(s text) returns text
language sql immutable parallel safe
as $$
    select case
        when octet_length(s) = char_length(s) and strpos(s, '''') = 0 and strpos(s, ' ') = 0 then lower(s)
        else lower(translate(s, 'ÀÁÂÄÃÇÈÉÊËÍÎÏÑÓÔÖÕÚÛÜàáâäãçèéêëíîïñóôöõúûü'' ',
                                'AAAAACEEEEIIINOOOOUUUaaaaaceeeeiiinoooouuu'))
    end
$$;

-- a public-looking client IP (v4 in common ISP blocks, sometimes v6) for (salt .. salt + 4, id)
create function synthetic.ops_ip(salt int, id bigint) returns inet
language sql immutable parallel safe
as $$
    select case when synthetic.chance(salt, id, 0.06)
        then inet '2600:1700::' + floor(synthetic.u(salt + 1, id) * 281474976710656)::bigint
        else inet '0.0.0.0'
             + ((array[24, 47, 50, 67, 68, 69, 71, 73, 74, 75, 76, 96, 98, 99, 104, 107, 108, 162, 173, 174])
                    [synthetic.pick(salt + 2, id, 20)]::bigint * 16777216
                + (synthetic.pick(salt + 3, id, 65536) - 1) * 256 + synthetic.pick(salt + 4, id, 254))
    end
$$;

-- ---------------------------------------------------------------------------------------------
-- dispatch_apitoken: office integration tokens. Before 2020 the key is stored in plaintext
-- (40 hex); newer rows have key = '' and only key_hash (sha256 hex) and prefix (first 8 chars).
-- ---------------------------------------------------------------------------------------------
with
pool as materialized (select synthetic.ops_doctor_ids() as doctor),
t as (
    select g as id,
           synthetic.ops_when(g, synthetic.n('dispatch_apitoken'), synthetic.u(80001, g) - 0.5,
                              timestamptz '2016-03-01 12:00:00+00', synthetic.epoch_end() - interval '240 hours', 0.9) as created,
           synthetic.ops_hex(80002, g, 40) as legacy_key,                       -- salts 80002-80005
           'dsp_' || synthetic.ops_b64(80010, g, 36) as new_key                 -- salts 80010-80014
    from generate_series(1, synthetic.n('dispatch_apitoken')) as g
),
t2 as (
    select t.*, t.created < timestamptz '2020-01-01 05:00:00+00' as is_legacy,
           case when t.created < timestamptz '2020-01-01 05:00:00+00' then t.legacy_key else t.new_key end as token
    from t
)
insert into dispatch_apitoken (id, user_id, name, key, key_hash, prefix, is_active, last_used_at,
                               expires_at, created)
select t2.id, pool.doctor[synthetic.pick(80025, t2.id, cardinality(pool.doctor))],
       synthetic.one_of(80020, t2.id, array['iTero sync', '3Shape Communicate', 'Practice management export',
           'Zapier', 'Office website form', 'Medit Link', 'Dolphin import', 'Reporting script', 'Dentrix bridge']),
       case when t2.is_legacy then t2.token else '' end,
       encode(sha256(convert_to(t2.token, 'UTF8')), 'hex'),
       left(t2.token, 8),
       synthetic.chance(80021, t2.id, 0.7),
       case when synthetic.chance(80022, t2.id, 0.8)
            then synthetic.ops_frac(t2.created, synthetic.epoch_end(), synthetic.u(80023, t2.id)) end,
       case when synthetic.chance(80024, t2.id, 0.4)
            then t2.created + synthetic.ops_secs(86400 * 365) end,
       t2.created
from t2
cross join pool;

-- ---------------------------------------------------------------------------------------------
-- dispatch_passwordreset: unique reset tokens (Django style: base36 timestamp - 32 hex), the
-- requesting IP, used within the hour about 60% of the time.
-- ---------------------------------------------------------------------------------------------
with
r0 as (
    select g as id,
           synthetic.ops_when(g, synthetic.n('dispatch_passwordreset'), synthetic.u(80101, g) - 0.5,
                              synthetic.epoch_start(), synthetic.epoch_end() - interval '2 hours', 0.8) as created
    from generate_series(1, synthetic.n('dispatch_passwordreset')) as g
),
r as (
    select r0.*, extract(epoch from r0.created - timestamptz '2001-01-01 00:00:00+00')::bigint / 86400 as days
    from r0
)
insert into dispatch_passwordreset (id, user_id, token, ip, created, used_at)
select r.id, synthetic.pick(80102, r.id, synthetic.n('auth_user')),
       -- base36 of days since 2001-01-01, as Django's PasswordResetTokenGenerator
       substr('0123456789abcdefghijklmnopqrstuvwxyz', (r.days / 1296 % 36)::int + 1, 1)
       || substr('0123456789abcdefghijklmnopqrstuvwxyz', (r.days / 36 % 36)::int + 1, 1)
       || substr('0123456789abcdefghijklmnopqrstuvwxyz', (r.days % 36)::int + 1, 1)
       || '-' || synthetic.ops_hex(80103, r.id, 32),                           -- salts 80103-80105
       case when synthetic.chance(80110, r.id, 0.9) then synthetic.ops_ip(80111, r.id) end,   -- 80111-80115
       r.created,
       case when synthetic.chance(80116, r.id, 0.6)
            then r.created + synthetic.ops_secs(30 + 3300 * synthetic.u(80117, r.id)) end
from r;

-- ---------------------------------------------------------------------------------------------
-- dispatch_emailqueue: outgoing e-mail with full bodies (doctor and patient names: PHI-like).
-- created and sent_at are naive New York wall-clock time.
-- Issue 15: dst_ambiguous / dst_gap = a few created values inside a DST change (one per change
--           date, up to k(0.0005) per kind); every created/sent_at that is ambiguous or does not
--           exist is recorded, natural ones included.
-- ---------------------------------------------------------------------------------------------
with
cfg as materialized (
    select synthetic.n('dispatch_emailqueue') as n,
           synthetic.n('dispatch_instruction') as ni,
           synthetic.k('dispatch_emailqueue', 0.0005) as k_dst,
           synthetic.epoch_start() as t0,
           synthetic.epoch_end() - interval '1 hour' as t1
),
dst as (
    select r.* from cfg cross join lateral synthetic.ops_dst_rows(cfg.n, cfg.k_dst, cfg.t0, cfg.t1, 0.8) as r
),
e as (
    select g as id, cfg.n, cfg.ni, cfg.t1,
           synthetic.ops_when(g, cfg.n, synthetic.u(80201, g) - 0.5, cfg.t0, cfg.t1, 0.8) as instant,
           synthetic.pick(80202, g, 7) as tmpl,
           synthetic.ops_near(80203, g, cfg.n, cfg.ni, 30) as iid,
           dst.kind as dst_kind, dst.day as dst_day
    from cfg
    cross join generate_series(1, cfg.n) as g
    left join dst on dst.row_id = g
),
e2 as (
    select e.*,
           case when e.dst_kind is not null
                then e.dst_day + case when e.dst_kind = 'dst_gap' then time '02:00' else time '01:00' end
                     + synthetic.ops_secs(60 * synthetic.pick(80204, e.id, 59) + synthetic.pick(80205, e.id, 59))
                else e.instant at time zone 'America/New_York'
           end as created_naive,
           coalesce(ins.number, 'C' || lpad(e.iid::text, 6, '0')) as number,
           coalesce(nullif(pat.first_name, ''), synthetic.first_name(80206, e.id)) as pat_first,
           coalesce(nullif(pat.last_name, ''), synthetic.last_name(80207, e.id)) as pat_last,
           coalesce(nullif(doc.last_name, ''), synthetic.last_name(80208, e.iid)) as doc_last,
           coalesce(nullif(doc.email, ''), synthetic.ops_ascii(synthetic.first_name(80209, e.iid)) || '.' || synthetic.ops_ascii(synthetic.last_name(80208, e.iid))
                    || '@' || synthetic.one_of(80210, e.iid, array['brightsmile-ortho.com', 'parkviewdental.com', 'lakeshoreortho.net',
                       'summitorthodontics.com', 'riversidefamilydental.com', 'gmail.com', 'yahoo.com', 'outlook.com'])) as doc_email,
           (extract(epoch from e.t1 - e.instant) < 3600 * 3) as is_recent
    from e
    left join dispatch_instruction as ins on ins.id = e.iid
    left join dispatch_patient as pat on pat.id = ins.patient_id
    left join auth_user as doc on doc.id = ins.doctor_id
    offset 0   -- keeps the name expressions as columns, so that ops_ascii below is inlined
),
e3 as (
    select e2.*,
           case
               when e2.is_recent then 0
               when synthetic.u(80211, e2.id) < 0.94 then 1
               when synthetic.u(80211, e2.id) < 0.98 then 2
               else 3
           end as status,
           case e2.tmpl
               when 6 then synthetic.ops_ascii(e2.pat_first) || synthetic.pick(80212, e2.id, 99)
                           || '@' || synthetic.one_of(80213, e2.id, array['gmail.com', 'yahoo.com', 'hotmail.com', 'icloud.com', 'aol.com', 'comcast.net'])
               else synthetic.ops_ascii(e2.doc_email)
           end as to_email,
           case e2.tmpl
               when 1 then 'Treatment plan ready - ' || e2.pat_first || ' ' || e2.pat_last || ' (' || e2.number || ')'
               when 2 then 'Aligners shipped - case ' || e2.number
               when 3 then 'Records needed for ' || e2.pat_first || ' ' || e2.pat_last
               when 4 then 'Password reset on Dispatch'
               when 5 then 'Your invoice is available'
               when 6 then 'Reminder: your aligner check-in'
               else 'New message on case ' || e2.number
           end as subject,
           case e2.tmpl
               when 1 then 'Dear Dr. ' || e2.doc_last || E',\n\nThe treatment plan for your patient ' || e2.pat_first || ' ' || e2.pat_last
                           || ' (case ' || e2.number || E') is ready for review in the 3D viewer.\nPlease approve it or request changes within 7 days.\n\nThank you,\nThe lab team'
               when 2 then 'Dear Dr. ' || e2.doc_last || E',\n\nThe aligners for ' || e2.pat_first || ' ' || e2.pat_last
                           || ' (case ' || e2.number || E') shipped today with UPS, tracking 1Z' || upper(synthetic.ops_hex(80220, e2.id, 16))
                           || E'.\n\nThe lab team'
               when 3 then 'Dear Dr. ' || e2.doc_last || E',\n\nWe could not start case ' || e2.number || ' for ' || e2.pat_first || ' ' || e2.pat_last
                           || E': ' || synthetic.one_of(80222, e2.id, array['the lower scan is incomplete', 'the bite registration is missing',
                               'the panoramic X-ray is older than 12 months', 'the upper scan has distortions'])
                           || E'.\nPlease upload new records.\n\nThe lab team'
               when 4 then E'Hello,\n\nSomeone asked to reset the password of your Dispatch account. Use this link within 24 hours:\nhttps://dispatch.lab/accounts/reset/'
                           || synthetic.ops_hex(80223, e2.id, 8) || E'/\n\nIf you did not ask for this, ignore this e-mail.'
               when 5 then 'Dear Dr. ' || e2.doc_last || E',\n\nA new invoice for case ' || e2.number || E' is available in your account.\n\nBilling'
               when 6 then 'Hi ' || e2.pat_first || E',\n\nThis is a reminder from Dr. ' || e2.doc_last
                           || E'''s office: please wear your aligners 22 hours a day and bring them to your next check-in.\n\nSee you soon!'
               else 'Dear Dr. ' || e2.doc_last || E',\n\nThe lab sent a message about ' || e2.pat_first || ' ' || e2.pat_last
                    || ' (case ' || e2.number || E'). Log in to read and reply.\n\nThe lab team'
           end as body
    from e2
),
e4 as (
    select e3.*,
           case when e3.status = 1
                then ((e3.created_naive at time zone 'America/New_York')
                      + synthetic.ops_secs(2 + 120 * power(synthetic.u(80224, e3.id), 3)
                                           + case when synthetic.chance(80225, e3.id, 0.03) then 1800 else 0 end))
                     at time zone 'America/New_York'
           end as sent_at
    from e3
),
ins as (
    insert into dispatch_emailqueue (id, to_email, subject, body, html, status, attempts, last_error,
                                     created, sent_at)
    select e4.id, e4.to_email, e4.subject, e4.body,
           '<html><body><p>' || replace(replace(e4.body, E'\n\n', '</p><p>'), E'\n', '<br>') || '</p></body></html>',
           e4.status,
           case e4.status when 0 then 0 when 2 then 3 + synthetic.pick(80226, e4.id, 2)
                          when 3 then synthetic.pick(80226, e4.id, 2) - 1
                          else case when synthetic.chance(80225, e4.id, 0.03) then 2 else 1 end end,
           case
               when e4.status = 2 then synthetic.one_of(80227, e4.id, array[
                   'SMTPRecipientsRefused: {''' || e4.to_email || ''': (550, b''5.1.1 The email account that you tried to reach does not exist.'')}',
                   'SMTPDataError: (554, b''5.7.1 Message rejected as spam'')',
                   'SMTPServerDisconnected: Connection unexpectedly closed'])
               when e4.status = 1 and synthetic.chance(80225, e4.id, 0.03) then 'timed out'
               else ''
           end,
           e4.created_naive, e4.sent_at
    from e4
    returning id
)
insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_emailqueue', e4.id, 15, synthetic.ops_dst_kind(e4.created_naive), 'created', null
from e4 where synthetic.ops_dst_kind(e4.created_naive) is not null
union all
select 'dispatch_emailqueue', e4.id, 15, synthetic.ops_dst_kind(e4.sent_at), 'sent_at', null
from e4 where synthetic.ops_dst_kind(e4.sent_at) is not null;

-- ---------------------------------------------------------------------------------------------
-- dispatch_smslog: SMS through Twilio (SM + 32 hex sids), 2016 onwards; user_id NULL when sent
-- to a patient. sent_at is naive New York wall-clock time.
-- Issue 15: dst_ambiguous / dst_gap as for dispatch_emailqueue, column sent_at.
-- ---------------------------------------------------------------------------------------------
with
cfg as materialized (
    select synthetic.n('dispatch_smslog') as n,
           synthetic.n('auth_user') as n_user,
           synthetic.k('dispatch_smslog', 0.0005) as k_dst,
           timestamptz '2016-06-01 12:00:00+00' as t0,
           synthetic.epoch_end() - interval '1 hour' as t1
),
dst as (
    select r.* from cfg cross join lateral synthetic.ops_dst_rows(cfg.n, cfg.k_dst, cfg.t0, cfg.t1, 0.8) as r
),
s as (
    select g as id, cfg.n_user, cfg.t1,
           synthetic.ops_when(g, cfg.n, synthetic.u(80301, g) - 0.5, cfg.t0, cfg.t1, 0.8) as instant,
           synthetic.chance(80302, g, 0.6) as to_patient,
           dst.kind as dst_kind, dst.day as dst_day
    from cfg
    cross join generate_series(1, cfg.n) as g
    left join dst on dst.row_id = g
),
s2 as (
    select s.*,
           case when s.dst_kind is not null
                then s.dst_day + case when s.dst_kind = 'dst_gap' then time '02:00' else time '01:00' end
                     + synthetic.ops_secs(60 * synthetic.pick(80303, s.id, 59) + synthetic.pick(80304, s.id, 59))
                else date_trunc('second', s.instant at time zone 'America/New_York')
           end as sent_at
    from s
),
ins as (
    insert into dispatch_smslog (id, user_id, to_phone, body, provider_sid, status, sent_at)
    select s2.id,
           case when not s2.to_patient then synthetic.pick(80305, s2.id, s2.n_user) end,
           '+1' || synthetic.phone_digits(80306, s2.id),                       -- salts 80307-80308
           case when s2.to_patient then synthetic.one_of(80310, s2.id, array[
                    'Hi ' || synthetic.first_name(80311, s2.id) || ', your new aligners have shipped to Dr. ' || synthetic.last_name(80312, s2.id) || '''s office. Reply STOP to opt out.',
                    'Hi ' || synthetic.first_name(80311, s2.id) || ', reminder: switch to your next aligner tray today. Reply STOP to opt out.',
                    'Reminder from Dr. ' || synthetic.last_name(80312, s2.id) || ': aligner check-in tomorrow. Reply C to confirm.',
                    'Hi ' || synthetic.first_name(80311, s2.id) || ', please upload your progress photos in the app.'])
                else synthetic.one_of(80313, s2.id, array[
                    'Your Dispatch verification code is ' || lpad((synthetic.pick(80314, s2.id, 1000000) - 1)::text, 6, '0'),
                    'Plan ready for review: case C' || lpad(synthetic.pick(80315, s2.id, 999999)::text, 6, '0'),
                    'Case on hold: records missing. Log in to Dispatch for details.',
                    'New message from the lab on one of your cases.'])
           end,
           'SM' || synthetic.ops_hex(80320, s2.id, 32),                         -- salts 80320-80322
           case
               when extract(epoch from s2.t1 - s2.instant) < 600 then 'queued'
               when synthetic.u(80325, s2.id) < 0.86 then 'delivered'
               when synthetic.u(80325, s2.id) < 0.92 then 'sent'
               when synthetic.u(80325, s2.id) < 0.97 then 'undelivered'
               else 'failed'
           end,
           s2.sent_at
    from s2
    returning id
)
insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_smslog', s2.id, 15, synthetic.ops_dst_kind(s2.sent_at), 'sent_at', null
from s2 where synthetic.ops_dst_kind(s2.sent_at) is not null;

-- ---------------------------------------------------------------------------------------------
-- dispatch_auditlog: ORM audit trail since the Django 3.2 upgrade (2021). Generic reference by
-- (content_type_id resolved by app_label/model, object_id as varchar). user_id is unenforced:
-- ~1.5% of rows belong to users that were deleted since (ids above n(auth_user)), ~4% are
-- system rows (NULL). changes is a json.dumps diff {"field": [old, new]}. Not in the migration,
-- so not recorded in synthetic.anomalies.
-- ---------------------------------------------------------------------------------------------
with
cfg as materialized (
    select synthetic.n('dispatch_auditlog') as n,
           synthetic.n('auth_user') as n_user,
           timestamptz '2021-04-15 13:00:00+00' as t0,
           synthetic.epoch_end() - interval '10 minutes' as t1
),
pref (app_label, model, weight, tbl) as (
    values ('dispatch', 'instruction', 8, 'dispatch_instruction'),
           ('dispatch', 'patient', 6, 'dispatch_patient'),
           ('dispatch', 'plan', 5, 'dispatch_plan'),
           ('dispatch', 'task', 8, 'dispatch_task'),
           ('dispatch', 'office', 1, 'dispatch_office'),
           ('dispatch', 'user', 2, 'auth_user'),
           ('auth', 'user', 2, 'auth_user'),
           ('dispatch', 'file', 3, 'dispatch_file'),
           ('dispatch', 'message', 3, 'dispatch_message'),
           ('dispatch', 'invoice', 1, 'dispatch_invoice'),
           ('dispatch', 'usersetting', 1, 'dispatch_usersetting')
),
ct as (
    select row_number() over (order by p.app_label, p.model, w) as rn, c.id as ct_id, p.model, p.app_label,
           greatest(coalesce(synthetic.n(p.tbl), 1), 1) as obj_n
    from pref as p
    inner join django_content_type as c on c.app_label = p.app_label and c.model = p.model
    cross join lateral generate_series(1, p.weight) as w
),
ct_user as (
    select row_number() over (order by c.app_label, c.model) as rn, c.id as ct_id
    from django_content_type as c where (c.app_label, c.model) in (('dispatch', 'user'), ('auth', 'user'))
),
cn as (select (select count(*) from ct) as c, (select count(*) from ct_user) as cu),
a as (
    select g as id, cfg.n_user,
           synthetic.ops_when(g, cfg.n, synthetic.u(80401, g) - 0.5, cfg.t0, cfg.t1, 0.9) as created,
           case when synthetic.u(80402, g) < 0.20 then 1 when synthetic.u(80402, g) < 0.75 then 2
                when synthetic.u(80402, g) < 0.78 then 3 when synthetic.u(80402, g) < 0.95 then 4 else 5 end as action,
           case when synthetic.u(80403, g) < 0.04 then null
                when synthetic.u(80403, g) < 0.055 then cfg.n_user + synthetic.pick(80404, g, 300)
                else synthetic.pick(80405, g, cfg.n_user) end as user_id,
           synthetic.pick(80406, g, greatest(cn.c, 1)) as ct_rn,
           synthetic.pick(80407, g, greatest(cn.cu, 1)) as ctu_rn
    from cfg cross join cn cross join generate_series(1, cfg.n) as g
),
a2 as (
    select a.*,
           case when a.action = 4 then cu.ct_id else c.ct_id end as content_type_id,
           case when a.action = 4 then 'user' else coalesce(c.model, 'instruction') end as model,
           case
               when a.action = 4 then coalesce(a.user_id, synthetic.pick(80408, a.id, a.n_user))::text
               when a.action = 5 then ''
               else synthetic.pick(80409, a.id, coalesce(c.obj_n, 1000))::text
           end as object_id,
           synthetic.ops_iso(a.created - synthetic.ops_secs(86400 * 30 * synthetic.u(80410, a.id))) as old_ts,
           synthetic.ops_iso(a.created) as new_ts
    from a
    left join ct as c on c.rn = a.ct_rn
    left join ct_user as cu on cu.rn = a.ctu_rn
)
insert into dispatch_auditlog (id, user_id, content_type_id, object_id, action, changes, ip, user_agent, created)
select a2.id, a2.user_id, a2.content_type_id, a2.object_id, a2.action,
       case a2.action
           when 1 then '{"id": [null, ' || a2.object_id || '], "created": [null, "' || a2.new_ts || '"]}'
           when 3 then '{"is_deleted": [false, true], "deleted_at": [null, "' || a2.new_ts || '"]}'
           when 4 then '{"event": "login", "success": ' || case when synthetic.chance(80411, a2.id, 0.94) then 'true' else 'false' end
                       || ', "method": "' || synthetic.one_of(80412, a2.id, array['password', 'password', 'password', 'token']) || '"}'
           when 5 then '{"event": "export", "format": "' || synthetic.one_of(80413, a2.id, array['csv', 'csv', 'xlsx', 'pdf'])
                       || '", "rows": ' || synthetic.pick(80414, a2.id, 5000) || ', "report": "'
                       || synthetic.one_of(80415, a2.id, array['patients', 'cases', 'invoices', 'tasks', 'shipments']) || '"}'
           else case a2.model
               when 'instruction' then '{"status": [' || (synthetic.pick(80416, a2.id, 11) - 1) || ', ' || synthetic.pick(80416, a2.id, 11)
                                       || '], "modified": ["' || a2.old_ts || '", "' || a2.new_ts || '"]}'
               when 'patient' then case when synthetic.chance(80417, a2.id, 0.5)
                   then '{"phone": ["(' || substr(synthetic.phone_digits(80420, a2.id), 1, 3) || ') '
                        || substr(synthetic.phone_digits(80420, a2.id), 4, 3) || '-' || substr(synthetic.phone_digits(80420, a2.id), 7)
                        || '", "' || substr(synthetic.phone_digits(80430, a2.id), 1, 3) || '.' || substr(synthetic.phone_digits(80430, a2.id), 4, 3)
                        || '.' || substr(synthetic.phone_digits(80430, a2.id), 7) || '"]}'   -- salts 80421-80422, 80431-80432
                   else '{"email": ["' || synthetic.ops_ascii(synthetic.first_name(80424, a2.id)) || '.' || synthetic.ops_ascii(synthetic.last_name(80425, a2.id))
                        || '@gmail.com", "' || synthetic.ops_ascii(synthetic.first_name(80424, a2.id)) || synthetic.pick(80426, a2.id, 99) || '@yahoo.com"]}' end
               when 'plan' then '{"status": [1, 2], "approved_at": [null, "' || a2.new_ts || '"]}'
               when 'task' then '{"status": [' || synthetic.one_of(80434, a2.id, array['1, 2', '2, 4', '2, 3', '3, 2', '4, 5', '0, 1']) || ']}'
               when 'office' then '{"is_active": [true, false]}'
               when 'user' then '{"last_login": ["' || a2.old_ts || '", "' || a2.new_ts || '"]}'
               when 'file' then '{"name": ["scan.stl", "upper_' || synthetic.pick(80435, a2.id, 99) || '.stl"]}'
               when 'message' then '{"is_read": [false, true], "read_at": [null, "' || a2.new_ts || '"]}'
               when 'invoice' then '{"status": [1, 2], "paid_at": [null, "' || a2.new_ts || '"]}'
               else '{"preferences": ["{}", "{\"email_notifications\": false}"]}'
           end
       end,
       case when a2.user_id is null then null else synthetic.ops_ip(80440, a2.id) end,     -- 80440-80444
       case when a2.user_id is null then 'celery/5.2 (worker)'
            else synthetic.one_of(80445, a2.id, array[
                'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36',
                'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Safari/605.1.15',
                'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/119.0',
                'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
                'DispatchApp/2.4.1 (iOS 17.1; iPhone14,2)',
                'DispatchApp/2.3.0 (Android 13; SM-G991U)',
                'python-requests/2.28.1']) end,
       a2.created
from a2;

-- ---------------------------------------------------------------------------------------------
-- dispatch_importjob: bulk import runs since 2022 (identity column era). stats is jsonb.
-- ---------------------------------------------------------------------------------------------
with
pool as materialized (select synthetic.ops_staff_ids() as staff),
j as (
    select g as id, synthetic.n('dispatch_importjob') as n,
           synthetic.ops_when(g, synthetic.n('dispatch_importjob'), synthetic.u(80501, g) - 0.5,
                              timestamptz '2022-07-01 13:00:00+00', synthetic.epoch_end() - interval '2 hours', 1.0) as created,
           synthetic.one_of(80502, g, array['1', '1', '1', '2', '3', '3'])::int as kind,
           synthetic.pick(80503, g, 400) as rows_in,
           synthetic.u(80504, g) as r
    from generate_series(1, synthetic.n('dispatch_importjob')) as g
),
j2 as (
    select j.*,
           case when j.id = j.n then 0 when j.id = j.n - 1 then 1
                when j.r < 0.12 then 3 else 2 end as status,
           floor(j.rows_in * 0.03 * synthetic.u(80505, j.id))::int as errors,
           floor(j.rows_in * 0.05 * synthetic.u(80506, j.id))::int as skipped
    from j
)
insert into dispatch_importjob (id, kind, status, file_id, started_by_id, stats, log, started_at,
                                finished_at, created)
select j2.id, j2.kind, j2.status,
       case when j2.kind in (1, 2) then synthetic.pick(80507, j2.id, synthetic.n('dispatch_file')) end,
       pool.staff[synthetic.pick(80512, j2.id, cardinality(pool.staff))],
       case
           when j2.status = 0 then null
           when j2.kind = 3 then jsonb_build_object('scans', j2.rows_in, 'matched', j2.rows_in - j2.errors - j2.skipped,
                                                    'unmatched', j2.errors + j2.skipped, 'source', 'iTero')
           when j2.status = 3 then jsonb_build_object('rows', j2.rows_in, 'created', 0, 'updated', 0, 'skipped', 0,
                                                      'errors', 1, 'fatal', 'Missing column: date_of_birth')
           else jsonb_build_object('rows', j2.rows_in, 'created', floor((j2.rows_in - j2.errors - j2.skipped) * 0.8)::int,
                                   'updated', j2.rows_in - j2.errors - j2.skipped - floor((j2.rows_in - j2.errors - j2.skipped) * 0.8)::int,
                                   'skipped', j2.skipped, 'errors', j2.errors)
       end,
       case
           when j2.status = 0 then ''
           when j2.status = 3 then E'Reading file\nERROR: Missing column: date_of_birth\nImport aborted'
           when j2.errors = 0 then E'Reading file\n' || j2.rows_in || E' rows read\nDone'
           else E'Reading file\n' || j2.rows_in || E' rows read\nRow ' || synthetic.pick(80508, j2.id, j2.rows_in)
                || ': invalid date of birth "31/02/1980"' || E'\nRow ' || synthetic.pick(80509, j2.id, j2.rows_in)
                || E': unknown office code\nDone with errors'
       end,
       case when j2.status > 0 then j2.created + synthetic.ops_secs(5 + 60 * synthetic.u(80510, j2.id)) end,
       case when j2.status > 1 then j2.created + synthetic.ops_secs(70 + 2 * j2.rows_in + 600 * synthetic.u(80511, j2.id)) end,
       j2.created
from j2
cross join pool;

-- ---------------------------------------------------------------------------------------------
-- dispatch_holiday: ten lab closing days a year from 2015 (US federal-style rules).
-- ---------------------------------------------------------------------------------------------
insert into dispatch_holiday (id, date, name, country_id)
select g, h.day, h.name, (select id from dispatch_country where code = 'US')
from generate_series(1, synthetic.n('dispatch_holiday')) as g
cross join lateral (
    select (2015 + (g - 1) / 10)::int as y, ((g - 1) % 10 + 1)::int as k
) as yk
cross join lateral (
    select case yk.k
               when 1 then make_date(yk.y, 1, 1)
               when 2 then make_date(yk.y, 1, 1) + (8 - extract(dow from make_date(yk.y, 1, 1))::int) % 7 + 14
               when 3 then make_date(yk.y, 2, 1) + (8 - extract(dow from make_date(yk.y, 2, 1))::int) % 7 + 14
               when 4 then make_date(yk.y, 5, 31) - (extract(dow from make_date(yk.y, 5, 31))::int + 6) % 7
               when 5 then make_date(yk.y, 7, 4)
               when 6 then make_date(yk.y, 9, 1) + (8 - extract(dow from make_date(yk.y, 9, 1))::int) % 7
               when 7 then make_date(yk.y, 11, 1) + (11 - extract(dow from make_date(yk.y, 11, 1))::int) % 7 + 21
               when 8 then make_date(yk.y, 11, 1) + (11 - extract(dow from make_date(yk.y, 11, 1))::int) % 7 + 22
               when 9 then make_date(yk.y, 12, 24)
               else make_date(yk.y, 12, 25)
           end as day,
           (array['New Year''s Day', 'Martin Luther King Jr. Day', 'Presidents'' Day', 'Memorial Day',
                  'Independence Day', 'Labor Day', 'Thanksgiving', 'Day after Thanksgiving',
                  'Christmas Eve', 'Christmas Day'])[yk.k] as name
) as h;

-- ---------------------------------------------------------------------------------------------
-- dispatch_userdevice: mobile push registrations since 2022. push_token: APNs 64 hex (iOS),
-- FCM registration token (Android), FCM web-push endpoint (web).
-- ---------------------------------------------------------------------------------------------
with pool as materialized (select synthetic.ops_doctor_ids() as doctor)
insert into dispatch_userdevice (id, user_id, platform, push_token, device_id, app_version, is_active,
                                 last_seen_at, created)
select d.id, pool.doctor[synthetic.pick(80721, d.id, cardinality(pool.doctor))], d.platform,
       case d.platform
           when 1 then synthetic.ops_hex(80601, d.id, 64)                                     -- 80601-80605
           when 2 then d.fcm
           else 'https://fcm.googleapis.com/fcm/send/' || d.fcm
       end,
       case d.platform
           when 1 then upper(synthetic.ops_hex(80610, d.id, 8) || '-' || synthetic.ops_hex(80615, d.id, 4) || '-'
                             || synthetic.ops_hex(80620, d.id, 4) || '-' || synthetic.ops_hex(80625, d.id, 4) || '-'
                             || synthetic.ops_hex(80630, d.id, 12))
           when 2 then synthetic.ops_hex(80635, d.id, 16)
           else ''
       end,
       case when d.platform = 3 then 'web-' || (2 + synthetic.pick(80640, d.id, 3)) || '.' || (synthetic.pick(80641, d.id, 9) - 1)
            else '2.' || (synthetic.pick(80640, d.id, 5) - 1) || '.' || (synthetic.pick(80641, d.id, 9) - 1) end,
       synthetic.chance(80642, d.id, 0.75),
       case when synthetic.chance(80643, d.id, 0.95)
            then synthetic.ops_frac(d.created, synthetic.epoch_end(), synthetic.u(80644, d.id)) end,
       d.created
from (
    select g as id,
           case when synthetic.u(80650, g) < 0.45 then 1 when synthetic.u(80650, g) < 0.9 then 2 else 3 end as platform,
           synthetic.ops_b64(80660, g, 11) || synthetic.ops_b64(80670, g, 11) || ':APA91b'
               || synthetic.ops_b64(80680, g, 43) || synthetic.ops_b64(80690, g, 43) || synthetic.ops_b64(80700, g, 43)
               || replace(synthetic.ops_b64(80710, g, 5), 'z', '_') as fcm,
           synthetic.ops_when(g, synthetic.n('dispatch_userdevice'), synthetic.u(80720, g) - 0.5,
                              timestamptz '2022-09-01 13:00:00+00', synthetic.epoch_end() - interval '1 hour', 0.9) as created
    from generate_series(1, synthetic.n('dispatch_userdevice')) as g
) as d
cross join pool;
