-- case_messages: the messages of a case, fed by two legacy tables: dispatch_message (patient
-- questions, doctor responses, clinical notes, treatment updates) and dispatch_doctornote (kind
-- doctor_note). legacy_table tells them apart; legacy_id is unique per legacy table.
with

messages as (

    select * from {{ ref('int_case_messages__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

doctor_notes as (

    select * from {{ ref('int_doctor_notes__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

message_ids as (

    select * from {{ ref('map_case_messages') }}

),

doctor_note_ids as (

    select * from {{ ref('map_doctor_notes') }}

),

order_ids as (

    select * from {{ ref('map_orders') }}

),

profile_ids as (

    select * from {{ ref('map_profiles') }}

),

from_messages as (

    select
        message_ids.id,
        'dispatch_message'::text as legacy_table,
        messages.message_id::bigint as legacy_id,
        order_ids.id as order_id,
        senders.id as sender_id,
        messages.sent_by_system,
        messages.kind,
        replied.id as reply_to_id,
        messages.subject,
        messages.body,
        false as is_private,
        messages.is_read,
        messages.read_at,
        messages.created_at,
        messages.modified_at as updated_at
    from messages
    inner join message_ids on messages.message_id = message_ids.legacy_id
    inner join order_ids on messages.instruction_id = order_ids.legacy_id
    left join profile_ids as senders on messages.sender_user_id = senders.legacy_id
    left join message_ids as replied on messages.resolved_reply_to_message_id = replied.legacy_id

),

from_doctor_notes as (

    select
        doctor_note_ids.id,
        'dispatch_doctornote'::text as legacy_table,
        doctor_notes.doctor_note_id::bigint as legacy_id,
        order_ids.id as order_id,
        authors.id as sender_id,
        false as sent_by_system,
        'doctor_note'::text as kind,
        null::uuid as reply_to_id,
        null::text as subject,
        doctor_notes.body,
        doctor_notes.is_private,
        null::boolean as is_read,
        null::timestamptz as read_at,
        doctor_notes.created_at,
        doctor_notes.modified_at as updated_at
    from doctor_notes
    inner join doctor_note_ids on doctor_notes.doctor_note_id = doctor_note_ids.legacy_id
    inner join order_ids on doctor_notes.instruction_id = order_ids.legacy_id
    left join profile_ids as authors on doctor_notes.author_user_id = authors.legacy_id

),

final as (

    select * from from_messages
    union all
    select * from from_doctor_notes

)

select * from final
