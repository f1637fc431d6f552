-- Shapes that real legacy data has and the fixture README does not list (tracker issue 7),
-- recorded in synthetic.anomalies as issue 20 (and issue 12 for malformed JSON), each at least
-- once at any scale. Rows are picked among those that migrate (no other anomaly on the row, its
-- order or its patient), so that the expected outcome is the whole story:
--   * orders: a self-parent, a 2-cycle and a 3-cycle of parents (parent_id); messages: a
--     self-reply and a 2-cycle of replies (reply_to_id);
--   * free text passed through byte-identical: whitespace-edged text (spaces, tabs, CR/LF),
--     whitespace only, decomposed Unicode (NFD), emoji, right-to-left text, quotes and
--     backslashes, a ~200 kB message body;
--   * Luhn-passing Brazilian mobile numbers (+55 11 9xxxx-xxxx) in a phone column and in text:
--     not card numbers, never masked;
--   * a card number typed into a patient's notes and into a message body: masked, with a repair;
--   * malformed dispatch_patient.medical_info (Python repr, truncated) and one malformed value in
--     every other text-JSON column no earlier file breaks: NULL with a repair, raw text kept.
-- Every literal is written with escapes (U&'...'), so no editor can normalise it.

create temp table shapes_text on commit drop as
select *
from (values
    (1, 'whitespace_edged', E'   Prefers morning appointments.   '),
    (2, 'tabs_crlf', E'\tUpper arch first.\r\nLower arch after\tthe recall.\r\n'),
    (3, 'whitespace_only', E' \t '),
    (4, 'nfd', U&'Jose\0301 Mu\0308ller asked about the cafe\0301 brace (NFD)'),
    (5, 'emoji', U&'Great progress \+01F600 \+01F9B7 keep going \+01F44D\+01F3FD'),
    (6, 'rtl', U&'\05D4\05DE\05D8\05D5\05E4\05DC \05DE\05E8\05D5\05E6\05D4 / \0645\0631\062D\0628\0627 \200Fok'),
    (7, 'quotes_backslashes', E'She said "don''t" \\ C:\\scans\\upper.stl \\n is not a newline ''quoted'''),
    (8, 'br_phone_in_text', E'Call the mother at +55 11 91234-5676 or +55 11 98765-4325.')
) as v (k, kind, value);

-- patients that migrate: no anomaly on them
create temp table shapes_patients on commit drop as
select row_number() over (order by synthetic.u(90001, p.id), p.id) as k, p.id
from dispatch_patient as p
where p.office_id is not null
  and not p.is_deleted
  and not exists (select from synthetic.anomalies as a where a.table_name = 'dispatch_patient' and a.legacy_id = p.id
                 and a.issue not in (14, 15, 19))
order by synthetic.u(90001, p.id), p.id
limit 16;

-- messages that migrate: no anomaly on them, their order or their order's patient
create temp table shapes_messages on commit drop as
select row_number() over (order by synthetic.u(90002, m.id), m.id) as k, m.id
from dispatch_message as m
join dispatch_instruction as i on i.id = m.instruction_id
join dispatch_patient as p on p.id = i.patient_id
where not exists (select from synthetic.anomalies as a where a.table_name = 'dispatch_message' and a.legacy_id = m.id
                 and a.issue not in (14, 15, 19))
  and not exists (select from synthetic.anomalies as a where a.table_name = 'dispatch_instruction' and a.legacy_id = i.id
                 and a.issue not in (14, 15, 19))
  and not exists (select from synthetic.anomalies as a where a.table_name = 'dispatch_patient' and a.legacy_id = p.id
                 and a.issue not in (14, 15, 19))
  and p.office_id is not null
order by synthetic.u(90002, m.id), m.id
limit 12;

-- free text: patient notes 1-8, message bodies 1-8, a ~200 kB body (9)
update dispatch_patient as p set notes = t.value
from shapes_patients as s join shapes_text as t on t.k = s.k
where p.id = s.id;

update dispatch_message as m set body = t.value
from shapes_messages as s join shapes_text as t on t.k = s.k
where m.id = s.id;

update dispatch_message as m
set body = repeat(U&'Scan review \+01F9B7 notes, line after line.' || E'\r\n', 4800) || E'  end \t'
from shapes_messages as s
where m.id = s.id and s.k = 9;

-- names are free text too (9: NFD and a trailing space; 10: leading and trailing spaces)
update dispatch_patient as p
set first_name = case s.k when 9 then U&'Jose\0301 ' else E'  Zoe\0308' end
from shapes_patients as s
where p.id = s.id and s.k in (9, 10);

-- Luhn-passing Brazilian mobiles in the phone column (11, 12); the free-text phone they replace
-- is no longer an issue-14 row
delete from synthetic.anomalies as a
using shapes_patients as s
where a.table_name = 'dispatch_patient' and a.legacy_id = s.id and a.issue = 14 and s.k in (11, 12);

update dispatch_patient as p
set phone = case s.k when 11 then '+55 11 91234-5676' else '+55 11 94712-0383' end
from shapes_patients as s
where p.id = s.id and s.k in (11, 12);

-- a card number typed into the notes (13) and a message body (10)
update dispatch_patient as p set notes = 'Paid at the desk with 4111 1111 1111 1111 exp 12/27, thanks  '
from shapes_patients as s
where p.id = s.id and s.k = 13;

update dispatch_message as m set body = E'Please charge card 5555-5555-5555-4444 for the refinement.\n'
from shapes_messages as s
where m.id = s.id and s.k = 10;

-- malformed medical_info (14: Python repr, 15: truncated)
update dispatch_patient as p
set medical_info = case s.k
    when 14 then '{''allergies'': [''latex''], ''bruxism'': True}'
    else '{"allergies": ["lat'
end
from shapes_patients as s
where p.id = s.id and s.k in (14, 15);

insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_patient', s.id, 20, t.kind, 'notes',
       case when t.kind = 'whitespace_only' then 'byte-identical (not empty)' else 'byte-identical' end
from shapes_patients as s join shapes_text as t on t.k = s.k
union all
select 'dispatch_message', s.id, 20, t.kind, 'body', 'byte-identical'
from shapes_messages as s join shapes_text as t on t.k = s.k
union all
select 'dispatch_message', s.id, 20, 'large_value', 'body', 'byte-identical'
from shapes_messages as s where s.k = 9
union all
select 'dispatch_patient', s.id, 20, case s.k when 9 then 'nfd' else 'whitespace_edged' end, 'first_name',
       'byte-identical'
from shapes_patients as s where s.k in (9, 10)
union all
select 'dispatch_patient', s.id, 20, 'br_phone_luhn', 'phone',
       case s.k when 11 then '+5511912345676' else '+5511947120383' end
from shapes_patients as s where s.k in (11, 12)
union all
select 'dispatch_patient', s.id, 20, 'card_number_in_text', 'notes', 'notes_card_number_masked'
from shapes_patients as s where s.k = 13
union all
select 'dispatch_message', s.id, 20, 'card_number_in_text', 'body', 'body_card_number_masked'
from shapes_messages as s where s.k = 10
union all
select 'dispatch_patient', s.id, 12, case s.k when 14 then 'python_repr' else 'truncated' end, 'medical_info',
       'medical_info_malformed_json_nulled'
from shapes_patients as s where s.k in (14, 15);

-- order parents: a self-parent, a 2-cycle and a 3-cycle, each in its own patient's chain of
-- orders (a root R, its refinement C1 and C1's refinement C2, all of a clean patient)
create temp table shapes_chains on commit drop as
select row_number() over (order by synthetic.u(90003, r.id), r.id) as k, r.id as root_id, c1.id as c1_id,
       c2.id as c2_id
from dispatch_instruction as r
join dispatch_instruction as c1 on c1.parent_id = r.id
join dispatch_instruction as c2 on c2.parent_id = c1.id
join dispatch_patient as p on p.id = r.patient_id
where r.parent_id is null
  and p.office_id is not null
  and c1.patient_id = r.patient_id
  and c2.patient_id = r.patient_id
  and not exists (
      select from synthetic.anomalies as a
      where a.issue not in (14, 15, 19)
        and ((a.table_name = 'dispatch_instruction' and a.legacy_id in (r.id, c1.id, c2.id))
             or (a.table_name = 'dispatch_patient' and a.legacy_id = p.id
                 and a.issue not in (14, 15, 19)))
  )
  and (select count(*) from dispatch_instruction as x where x.parent_id = r.id) = 1
  and (select count(*) from dispatch_instruction as x where x.parent_id = c1.id) = 1
order by synthetic.u(90003, r.id), r.id
limit 3;

-- 1: R -> R (self); 2: R -> C1 -> R (2-cycle); 3: R -> C2 -> C1 -> R (3-cycle)
update dispatch_instruction as i
set parent_id = case c.k when 1 then c.root_id when 2 then c.c1_id else c.c2_id end
from shapes_chains as c
where i.id = c.root_id;

insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_instruction', c.root_id, 20, 'self_parent', 'parent_id', 'parent_is_self_unset'
from shapes_chains as c where c.k = 1
union all
select 'dispatch_instruction', m.id, 20, case c.k when 2 then 'parent_cycle_2' else 'parent_cycle_3' end,
       'parent_id',
       case when m.id = least(c.root_id, c.c1_id, case when c.k = 3 then c.c2_id end)
            then 'parent_cycle_broken_unset' else 'parent_kept' end
from shapes_chains as c
cross join lateral (
    select unnest(case when c.k = 2 then array[c.root_id, c.c1_id] else array[c.root_id, c.c1_id, c.c2_id] end)
) as m (id)
where c.k in (2, 3);

-- every other text-JSON column that no earlier file makes malformed: one row each, picked
-- without another anomaly but issues 14, 15 and 19 (a Python repr or a truncated text), NULL in the target with a
-- <column>_malformed_*nulled repair and the raw text in migration.json_quarantine
create temp table shapes_json on commit drop as
select *
from (values
    ('dispatch_office', 'settings', 'python_repr', '{''portal'': True, ''invoice_email'': None}'),
    ('dispatch_instruction', 'options', 'truncated', '{"ipr": true, "attachments": tr'),
    ('dispatch_project', 'data', 'python_repr', '{''stages'': 24, ''software'': ''clincheck''}'),
    ('dispatch_plan', 'ipr_data', 'truncated', '[{"between": "11-21", "mm": 0.'),
    ('dispatch_task', 'result', 'python_repr', '{''ok'': False}'),
    ('dispatch_jaw', 'attachments', 'python_repr', '[{''tooth'': ''13'', ''shape'': ''rect''}]')
) as v (table_name, column_name, kind, value);

do $$
declare
    j record;
    picked bigint;
begin
    for j in select * from shapes_json order by table_name loop
        execute format(
            'select t.id from public.%I as t where not exists (select from synthetic.anomalies as a '
            'where a.table_name = %L and a.legacy_id = t.id and a.issue not in (14, 15, 19)) '
            'order by synthetic.u(90004, t.id), t.id limit 1',
            j.table_name, j.table_name
        ) into picked;
        execute format('update public.%I set %I = %L where id = %s', j.table_name, j.column_name, j.value, picked);
        insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
        values (j.table_name, picked, 12, j.kind, j.column_name,
                j.column_name || case when j.table_name = 'dispatch_jaw' then '_malformed_nulled'
                                      else '_malformed_json_nulled' end);
    end loop;
end
$$;

-- message replies: one that replies to itself, and two of one order that reply to each other
create temp table shapes_replies on commit drop as
with clean as (
    select m.id, m.instruction_id
    from dispatch_message as m
    join dispatch_instruction as i on i.id = m.instruction_id
    join dispatch_patient as p on p.id = i.patient_id
    where p.office_id is not null
      and not exists (
          select from synthetic.anomalies as a
          where a.issue not in (14, 15, 19)
            and ((a.table_name = 'dispatch_message' and a.legacy_id = m.id)
                 or (a.table_name = 'dispatch_instruction' and a.legacy_id = i.id)
                 or (a.table_name = 'dispatch_patient' and a.legacy_id = p.id))
      )
      and not exists (select from dispatch_message as r where r.reply_to_id = m.id)
),
pair as (
    select a.id as a_id, b.id as b_id
    from clean as a join clean as b on b.instruction_id = a.instruction_id and b.id > a.id
    order by synthetic.u(90005, a.id), a.id, b.id
    limit 1
),
single as (
    select c.id from clean as c
    where c.id not in (select a_id from pair union all select b_id from pair)
    order by synthetic.u(90006, c.id), c.id
    limit 1
)
select 'self_reply' as kind, id, id as reply_to_id from single
union all
select 'reply_cycle_2', a_id, b_id from pair
union all
select 'reply_cycle_2', b_id, a_id from pair;

update dispatch_message as m set reply_to_id = r.reply_to_id
from shapes_replies as r
where m.id = r.id;

insert into synthetic.anomalies (table_name, legacy_id, issue, kind, column_name, expected)
select 'dispatch_message', r.id, 20, r.kind, 'reply_to_id',
       case when r.kind = 'self_reply' then 'reply_to_is_self_unset'
            when r.id < r.reply_to_id then 'reply_to_cycle_broken_unset'
            else 'reply_to_kept' end
from shapes_replies as r;
