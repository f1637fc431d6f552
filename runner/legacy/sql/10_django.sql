-- Django framework tables: content types, permissions, groups, migrations.
-- (auth_user and its group/permission links are in 20_core.sql; the admin log and sessions, which
-- need every other table, are in 48_django_activity.sql.)
-- Salts 10001-10099.

-- small helpers shared by the core generator files (10-49) ---------------------------------------

-- the instant at fraction x (0..1) of the generated history
create function synthetic.at_frac(x float8) returns timestamptz
language sql immutable parallel safe
as $$ select synthetic.epoch_start() + (synthetic.epoch_end() - synthetic.epoch_start()) * x $$;

-- base + off, squeezed smoothly so that the result never passes epoch_end (children of rows created
-- shortly before the end of the history get compressed delays instead of future timestamps)
create function synthetic.later(base timestamptz, off interval) returns timestamptz
language sql immutable parallel safe
as $$
    select base + (synthetic.epoch_end() - base) * (1 - exp(-least(700.0,
        extract(epoch from off)::float8
        / greatest(extract(epoch from synthetic.epoch_end() - base)::float8, 1.0))))
$$;

-- New York wall-clock time of an instant, as stored in the naive legacy columns (issue 15). A
-- wall-clock time inside the autumn repeated hour (01:00-01:59 on the first Sunday of November)
-- is moved one hour later, so that only the deliberately injected rows are ambiguous.
create function synthetic.naive_ny(ts timestamptz) returns timestamp
language sql immutable parallel safe
as $$
    select case when extract(month from l) = 11 and extract(dow from l) = 0
                     and extract(day from l) <= 7 and extract(hour from l) = 1
                then l + interval '1 hour' else l end
    from (select ts at time zone 'America/New_York' as l) as x
$$;

-- lower-case ASCII letters only (for e-mail addresses, domains and slugs built from names)
create function synthetic.ascii_slug(s text) returns text
language sql immutable parallel safe
as $$
    select regexp_replace(
        lower(translate(s,
                        'áàâäãåçéèêëíìîïñóòôöõúùûüýÿÁÀÂÄÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝ',
                        'aaaaaaceeeeiiiinooooouuuuyyAAAAAACEEEEIIIINOOOOOUUUUY')),
        '[^a-z]', '', 'g')
$$;

-- django_content_type: 78 (app_label, model) rows: framework and third-party apps, every dispatch
-- model (including the proxy dispatch.user), and a few stale rows of deleted models. The order is
-- shuffled by the seed, then rotated so that none of dispatch.file/instruction/patient/office/user
-- gets any of the production ids (8, 9, 11, 22, 58): consumers must resolve by (app_label, model).
create temp table core_ct on commit drop as
select row_number() over (
           order by synthetic.u(10001, hashtext(app_label || '.' || model)), app_label, model
       )::int as k,
       app_label, model, verbose_name, prod_id
from (values
    ('admin', 'logentry', 'log entry', null::int), ('auth', 'permission', 'permission', null),
    ('auth', 'group', 'group', null), ('auth', 'user', 'user', null),
    ('contenttypes', 'contenttype', 'content type', null), ('sessions', 'session', 'session', null),
    ('sites', 'site', 'site', null), ('reversion', 'revision', 'revision', null),
    ('reversion', 'version', 'version', null), ('authtoken', 'token', 'Token', null),
    ('authtoken', 'tokenproxy', 'token', null),
    ('django_celery_beat', 'periodictask', 'periodic task', null),
    ('django_celery_beat', 'crontabschedule', 'crontab', null),
    ('django_celery_beat', 'intervalschedule', 'interval', null),
    ('django_celery_beat', 'periodictasks', 'periodic tasks', null),
    ('django_celery_beat', 'solarschedule', 'solar event', null),
    ('django_celery_beat', 'clockedschedule', 'clocked', null),
    ('django_celery_results', 'taskresult', 'task result', null),
    ('django_celery_results', 'groupresult', 'group result', null),
    ('django_celery_results', 'chordcounter', 'chord counter', null),
    ('easy_thumbnails', 'source', 'source', null), ('easy_thumbnails', 'thumbnail', 'thumbnail', null),
    ('easy_thumbnails', 'thumbnaildimensions', 'thumbnail dimensions', null),
    ('otp_totp', 'totpdevice', 'TOTP device', null), ('otp_static', 'staticdevice', 'static device', null),
    ('otp_static', 'statictoken', 'static token', null),
    ('dispatch', 'country', 'country', null), ('dispatch', 'address', 'address', null),
    ('dispatch', 'office', 'office', 22), ('dispatch', 'role', 'role', null),
    ('dispatch', 'usersetting', 'user setting', null), ('dispatch', 'user', 'user', 58),
    ('dispatch', 'globalsetting', 'global setting', null), ('dispatch', 'category', 'category', null),
    ('dispatch', 'product', 'product', null), ('dispatch', 'tag', 'tag', null),
    ('dispatch', 'patient', 'patient', 11), ('dispatch', 'milestone', 'milestone', null),
    ('dispatch', 'instruction', 'instruction', 9),
    ('dispatch', 'instructionproduct', 'instruction product', null),
    ('dispatch', 'courier', 'courier', null), ('dispatch', 'shipment', 'shipment', null),
    ('dispatch', 'state', 'state', null), ('dispatch', 'file', 'file', 8),
    ('dispatch', 'project', 'project', null), ('dispatch', 'plan', 'plan', null),
    ('dispatch', 'bracket', 'bracket', null), ('dispatch', 'jaw', 'jaw', null),
    ('dispatch', 'message', 'message', null), ('dispatch', 'doctornote', 'doctor note', null),
    ('dispatch', 'record', 'record', null), ('dispatch', 'comment', 'comment', null),
    ('dispatch', 'template', 'template', null), ('dispatch', 'tasktype', 'task type', null),
    ('dispatch', 'task', 'task', null), ('dispatch', 'notification', 'notification', null),
    ('dispatch', 'feedback', 'feedback', null), ('dispatch', 'price', 'price', null),
    ('dispatch', 'offer', 'offer', null), ('dispatch', 'discount', 'discount', null),
    ('dispatch', 'coupon', 'coupon', null), ('dispatch', 'purchase', 'purchase', null),
    ('dispatch', 'purchaseitem', 'purchase item', null), ('dispatch', 'operation', 'operation', null),
    ('dispatch', 'payment', 'payment', null), ('dispatch', 'invoice', 'invoice', null),
    ('dispatch', 'apitoken', 'api token', null), ('dispatch', 'passwordreset', 'password reset', null),
    ('dispatch', 'emailqueue', 'email queue', null), ('dispatch', 'smslog', 'sms log', null),
    ('dispatch', 'auditlog', 'audit log', null), ('dispatch', 'importjob', 'import job', null),
    ('dispatch', 'holiday', 'holiday', null), ('dispatch', 'userdevice', 'user device', null),
    -- stale content types of models deleted long ago
    ('dispatch', 'casenote', 'case note', null), ('dispatch', 'labslip', 'lab slip', null),
    ('dispatch', 'stripecharge', 'stripe charge', null),
    ('dispatch', 'scannerupload', 'scanner upload', null)
) as v (app_label, model, verbose_name, prod_id);

insert into django_content_type (id, app_label, model)
with shift as (
    -- smallest rotation that keeps every production id away from its model
    select s
    from generate_series(0, (select count(*) from core_ct) - 1) as s
    where not exists (
        select from core_ct as c
        where c.prod_id is not null
          and ((c.k - 1 + s) % (select count(*) from core_ct)) + 1
              in (select prod_id from core_ct where prod_id is not null)
    )
    order by s
    limit 1
)
select ((c.k - 1 + shift.s) % (select count(*) from core_ct)) + 1, c.app_label, c.model
from core_ct as c cross join shift
order by 1;

-- `legacy generate --shuffle-content-types`: the same data with the content-type ids in another
-- order (ranked by another salt, rotated so that no content type keeps its id, dispatch.user
-- included). Every generic foreign key (dispatch_file, dispatch_record, django_admin_log,
-- dispatch_auditlog, auth_permission) looks its content type up by (app_label, model), so it is
-- rewritten consistently; auth_permission below keeps the default order (default_ct_id).
alter table core_ct add column default_ct_id int;
update core_ct as c set default_ct_id = ct.id
from django_content_type as ct
where ct.app_label = c.app_label and ct.model = c.model;

do $$
declare
    n int := (select count(*) from core_ct);
    s int;
begin
    if not (select shuffle_content_types from synthetic.params) then
        return;
    end if;
    create temp table ct_shuffled on commit drop as
    select c.default_ct_id, row_number() over (
               order by synthetic.u(10002, hashtext(c.app_label || '.' || c.model)), c.app_label, c.model
           )::int as k
    from core_ct as c;
    select r into s
    from generate_series(0, n - 1) as r
    where not exists (select from ct_shuffled as x where ((x.k - 1 + r) % n) + 1 = x.default_ct_id)
    order by r
    limit 1;
    -- two steps: the primary key is checked row by row
    update django_content_type as ct set id = -(((x.k - 1 + s) % n) + 1)
    from ct_shuffled as x
    where x.default_ct_id = ct.id;
    update django_content_type set id = -id;
end
$$;

-- auth_permission: Django's add/change/delete permission per content type in id order, then the
-- 'view' permissions added by Django 2.1; cut to the fixed row count (310).
insert into auth_permission (id, name, content_type_id, codename)
select row_number() over (order by p.phase, c.default_ct_id, p.action_no), 'Can ' || p.action || ' ' || c.verbose_name,
       ct.id, p.action || '_' || ct.model
from django_content_type as ct
join core_ct as c on c.app_label = ct.app_label and c.model = ct.model
cross join (values (1, 1, 'add'), (1, 2, 'change'), (1, 3, 'delete'), (2, 4, 'view'))
    as p (phase, action_no, action)
order by p.phase, c.default_ct_id, p.action_no
limit synthetic.n('auth_permission');

-- auth_group: 14 Django groups that loosely mirror the business roles.
insert into auth_group (id, name)
select ord, name
from unnest(array[
    'Administrators', 'Lab managers', 'Technicians', 'QC', 'Production', 'Shipping',
    'Customer support', 'Billing', 'Clinical', 'Doctors', 'Office staff', 'Office managers',
    'API clients', 'Read only'
]) with ordinality as g (name, ord)
where ord <= synthetic.n('auth_group');

-- auth_group_permissions: 640 distinct (group, permission) pairs; staff groups hold most of them.
insert into auth_group_permissions (id, group_id, permission_id)
select row_number() over (order by group_id, permission_id), group_id, permission_id
from (
    select g.id as group_id, p.id as permission_id
    from auth_group as g cross join auth_permission as p
    order by synthetic.u(10002, g.id * 100000 + p.id) * case when g.id <= 9 then 1.0 else 4.0 end,
             g.id, p.id
    limit synthetic.n('auth_group_permissions')
) as pairs;

-- django_migrations: framework and third-party migrations, then the dispatch app's history,
-- applied over the years; ids follow the applied time.
insert into django_migrations (id, app, name, applied)
with framework (app, name, applied) as (
    values
    ('contenttypes', '0001_initial', timestamptz '2015-01-05 14:00:01+00'),
    ('auth', '0001_initial', timestamptz '2015-01-05 14:00:02+00'),
    ('admin', '0001_initial', timestamptz '2015-01-05 14:00:03+00'),
    ('contenttypes', '0002_remove_content_type_name', timestamptz '2015-04-20 22:10:11+00'),
    ('auth', '0002_alter_permission_name_max_length', timestamptz '2015-04-20 22:10:12+00'),
    ('auth', '0003_alter_user_email_max_length', timestamptz '2015-04-20 22:10:13+00'),
    ('auth', '0004_alter_user_username_opts', timestamptz '2015-04-20 22:10:14+00'),
    ('auth', '0005_alter_user_last_login_null', timestamptz '2015-04-20 22:10:15+00'),
    ('auth', '0006_require_contenttypes_0002', timestamptz '2015-04-20 22:10:16+00'),
    ('sessions', '0001_initial', timestamptz '2015-01-05 14:00:04+00'),
    ('sites', '0001_initial', timestamptz '2015-01-05 14:00:05+00'),
    ('sites', '0002_alter_domain_unique', timestamptz '2016-02-09 23:41:07+00'),
    ('auth', '0007_alter_validators_add_error_messages', timestamptz '2016-02-09 23:41:08+00'),
    ('auth', '0008_alter_user_username_max_length', timestamptz '2017-06-13 02:15:44+00'),
    ('admin', '0002_logentry_remove_auto_add', timestamptz '2017-06-13 02:15:45+00'),
    ('auth', '0009_alter_user_last_name_max_length', timestamptz '2018-09-25 03:02:19+00'),
    ('admin', '0003_logentry_add_action_flag_choices', timestamptz '2018-09-25 03:02:20+00'),
    ('auth', '0010_alter_group_name_max_length', timestamptz '2018-09-25 03:02:21+00'),
    ('auth', '0011_update_proxy_permissions', timestamptz '2018-09-25 03:02:22+00'),
    ('auth', '0012_alter_user_first_name_max_length', timestamptz '2021-05-18 04:27:36+00')
),
third_party (app, cnt, first_applied) as (
    values
    ('reversion', 2, timestamptz '2015-06-02 21:30:00+00'),
    ('authtoken', 3, timestamptz '2016-05-10 22:00:00+00'),
    ('easy_thumbnails', 8, timestamptz '2015-03-03 23:00:00+00'),
    ('django_celery_results', 11, timestamptz '2017-09-12 22:45:00+00'),
    ('django_celery_beat', 18, timestamptz '2017-09-12 22:50:00+00'),
    ('otp_static', 3, timestamptz '2019-11-05 23:10:00+00'),
    ('otp_totp', 3, timestamptz '2019-11-05 23:12:00+00')
),
third_rows as (
    select t.app, s as no,
           synthetic.later(t.first_applied, make_interval(days => (s - 1) * 97)) as applied
    from third_party as t cross join generate_series(1, t.cnt) as s
),
n_dispatch as (
    select synthetic.n('django_migrations')
           - (select count(*) from framework) - (select count(*) from third_rows) as cnt
),
dispatch_rows as (
    select 'dispatch' as app, s as no,
           synthetic.at_frac(0.0000001 + 0.9995 * power((s - synthetic.u(10003, s)) / cnt, 1.15)) as applied
    from n_dispatch cross join generate_series(1, cnt) as s
),
all_rows as (
    select app, name, applied from framework
    union all
    select app,
           lpad(no::text, 4, '0') || case when no = 1 then '_initial'
               else '_auto_' || to_char(applied at time zone 'UTC', 'YYYYMMDD_HH24MI') end,
           applied
    from third_rows
    union all
    select app,
           lpad(no::text, 4, '0') || case when no = 1 then '_initial'
               when synthetic.u(10004, no) < 0.45
                   then '_auto_' || to_char(applied at time zone 'UTC', 'YYYYMMDD_HH24MI')
               else '_' || synthetic.one_of(10005, no, array['add', 'alter', 'remove', 'rename'])
                    || '_' || synthetic.one_of(10006, no, array[
                        'instruction', 'patient', 'office', 'plan', 'project', 'file', 'task',
                        'notification', 'usersetting', 'record', 'message', 'shipment', 'jaw',
                        'purchase', 'invoice', 'payment', 'operation', 'offer', 'coupon', 'tasktype'])
                    || '_' || synthetic.one_of(10007, no, array[
                        'status', 'options', 'fields', 'index', 'modified', 'is_deleted', 'kind',
                        'priority', 'settings', 'data', 'meta', 'verbose_name', 'ordering', 'unique'])
           end,
           applied
    from dispatch_rows
)
select row_number() over (order by applied, app, name), app, name, applied
from all_rows;

drop table core_ct;

analyze django_content_type;
analyze auth_permission;
analyze auth_group;
