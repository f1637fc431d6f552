-- Django activity tables that refer to everything else: the admin change log and the sessions.
-- Neither is migrated; session_data is an opaque signed payload (a secret: never copy it).
-- Salts 48001-48899. No anomalies are injected here.

-- django_admin_log: staff edits in the Django admin over the years; object_repr is the object's
-- str() at the time; change_message is plain text before Django 1.10 (2017), JSON after.
insert into django_admin_log (id, action_time, object_id, object_repr, action_flag, change_message,
                              content_type_id, user_id)
with staff as (
    select id as user_id, row_number() over (order by id) as k
    from auth_user where is_staff
),
targets (app_label, model, tbl, weight_to) as (
    values ('dispatch', 'instruction', 'dispatch_instruction', 0.30),
           ('dispatch', 'patient', 'dispatch_patient', 0.48),
           ('dispatch', 'office', 'dispatch_office', 0.58),
           ('auth', 'user', 'auth_user', 0.70),
           ('dispatch', 'usersetting', 'dispatch_usersetting', 0.76),
           ('dispatch', 'template', 'dispatch_template', 0.79),
           ('dispatch', 'globalsetting', 'dispatch_globalsetting', 0.81),
           ('dispatch', 'payment', 'dispatch_payment', 0.89),
           ('dispatch', 'product', 'dispatch_product', 0.92),
           ('dispatch', 'task', 'dispatch_task', 1.01)
),
rows as (
    select j,
           synthetic.at_frac(power((j - synthetic.u(48001, j)) / synthetic.n('django_admin_log'), 0.8)) as action_time,
           synthetic.u(48002, j) as r_target,
           case when synthetic.u(48003, j) < 0.80 then 2
                when synthetic.u(48003, j) < 0.95 then 1
                else 3 end as action_flag
    from generate_series(1, synthetic.n('django_admin_log')) as j
),
typed as (
    select r.*, t.tbl, t.model, ct.id as content_type_id,
           synthetic.pick(48004, r.j, greatest(1, synthetic.n(t.tbl)))::int as object_id
    from rows as r
    join lateral (
        select * from targets as t where t.weight_to > r.r_target order by t.weight_to limit 1
    ) as t on true
    join django_content_type as ct on ct.app_label = t.app_label and ct.model = t.model
)
select t.j, t.action_time, t.object_id::text,
       left(case t.model
           when 'instruction' then coalesce(i.number, 'Instruction object (' || t.object_id || ')')
           when 'patient' then coalesce(p.first_name || ' ' || p.last_name, 'Patient object (' || t.object_id || ')')
           when 'office' then coalesce(o.name, 'Office object (' || t.object_id || ')')
           when 'user' then coalesce(u.username, 'user ' || t.object_id)
           else initcap(t.model) || ' object (' || t.object_id || ')'
       end, 200),
       t.action_flag,
       case when t.action_flag = 3 then ''
            when t.action_time < timestamptz '2017-06-13 00:00:00+00'
                then case when t.action_flag = 1 then ''
                          else 'Changed ' || lower(f.fields[1]) || ' and ' || lower(f.fields[2]) || '.' end
            when t.action_flag = 1 then '[{"added": {}}]'
            else jsonb_build_array(jsonb_build_object('changed', jsonb_build_object('fields',
                     case when synthetic.chance(48005, t.j, 0.6) then jsonb_build_array(f.fields[1])
                          else jsonb_build_array(f.fields[1], f.fields[2]) end)))::text
       end,
       case when synthetic.chance(48006, t.j, 0.01) then null else t.content_type_id end,
       s.user_id
from typed as t
cross join lateral (
    select (case t.model
               when 'instruction' then array['Status', 'Priority', 'Due date', 'Office']
               when 'patient' then array['Office', 'Doctor', 'Status', 'Email']
               when 'office' then array['Is active', 'Notes', 'Square customer id', 'Settings']
               when 'user' then array['Is active', 'Email', 'Groups', 'Password']
               when 'usersetting' then array['Role', 'Office', 'Phone', 'Locale']
               when 'payment' then array['Amount', 'Reference', 'Method', 'Paid at']
               when 'task' then array['Assigned to', 'Status', 'Priority', 'Due at']
               else array['Value', 'Is active', 'Name', 'Body']
           end)[1 + (synthetic.pick(48007, t.j, 2) - 1) * 2:4] as fields
) as f
left join dispatch_instruction as i on t.model = 'instruction' and i.id = t.object_id
left join dispatch_patient as p on t.model = 'patient' and p.id = t.object_id
left join dispatch_office as o on t.model = 'office' and o.id = t.object_id
left join auth_user as u on t.model = 'user' and u.id = t.object_id
join staff as s on s.k = synthetic.pick(48008, t.j, (select count(*) from staff))
order by t.j;

-- django_session: sessions never cleared by clearsessions; Django >= 3.1 signed format
-- ('<payload>:<timestamp>:<signature>') from 2021, the older base64 format before.
insert into django_session (session_key, session_data, expire_date)
with rows as (
    select j,
           synthetic.at_frac(0.55 + 0.45 * power(synthetic.u(48100, j), 0.35)) as expire_date,
           translate(encode(decode(md5(synthetic.u(48101, j)::text) || md5(synthetic.u(48102, j)::text)
                                   || md5(synthetic.u(48103, j)::text), 'hex'), 'base64'), '+/=', '-_') as payload,
           translate(encode(decode(md5(synthetic.u(48104, j)::text) || md5(synthetic.u(48105, j)::text), 'hex'),
                     'base64'), '+/=', '-_') as signature
    from generate_series(1, synthetic.n('django_session')) as j
)
select left(translate(md5(synthetic.u(48106, j)::text || ':' || j::text), 'abcdef', 'uvwxyz'), 16)
       || left(md5(j::text || ':' || synthetic.u(48107, j)::text), 16),
       case when expire_date >= timestamptz '2021-01-01 00:00:00+00'
            then '.eJx' || payload || ':1' || left(upper(md5(synthetic.u(48108, j)::text)), 5)
                 || ':' || left(signature, 43)
            else payload || left(signature, 20) || '=='
       end,
       expire_date
from rows
order by j;
