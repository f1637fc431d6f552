-- The ledger entries of the communication domain: one per legacy row of dispatch_file,
-- dispatch_message, dispatch_doctornote, dispatch_message_attachments, dispatch_record,
-- dispatch_record_attachments, dispatch_comment and dispatch_template.
with

-- a file's target follows its content type; a file of an unexpected type has neither
files as (

    select
        'dispatch_file'::text as source_table,
        file_id::bigint as legacy_id,
        disposition::text as disposition,
        reject_reason::text as reason_code,
        reject_detail::text as detail,
        coalesce(target_table, 'order_files|case_files')::text as target_table,
        repairs::text[] as repairs
    from {{ ref('int_files__resolved') }}

),

case_messages as (

    {{ ledger_entries(ref('int_case_messages__resolved'), 'dispatch_message', 'message_id', 'case_messages') }}

),

doctor_notes as (

    {{ ledger_entries(ref('int_doctor_notes__resolved'), 'dispatch_doctornote', 'doctor_note_id', 'case_messages') }}

),

message_attachments as (

    {{ ledger_entries(
        ref('int_message_attachments__resolved'), 'dispatch_message_attachments', 'message_attachment_id',
        'message_attachments') }}

),

records as (

    {{ ledger_entries(ref('int_records__resolved'), 'dispatch_record', 'record_id', 'messages') }}

),

record_attachments as (

    {{ ledger_entries(
        ref('int_record_attachments__resolved'), 'dispatch_record_attachments', 'record_attachment_id',
        'record_attachments') }}

),

team_communications as (

    {{ ledger_entries(
        ref('int_team_communications__resolved'), 'dispatch_comment',
        'comment_id', 'team_communications') }}

),

message_templates as (

    {{ ledger_entries(
        ref('int_message_templates__resolved'), 'dispatch_template',
        'template_id', 'message_templates') }}

),

final as (

    select * from files
    union all
    select * from case_messages
    union all
    select * from doctor_notes
    union all
    select * from message_attachments
    union all
    select * from records
    union all
    select * from record_attachments
    union all
    select * from team_communications
    union all
    select * from message_templates

)

select * from final
