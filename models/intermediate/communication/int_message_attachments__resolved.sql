-- One row per dispatch_message_attachments link: migrated when both its case message and its
-- file migrate; otherwise rejected with the reason (message first).
{{ config(unique_key='message_attachment_id') }}

with

links as (

    select * from {{ ref('stg_legacy__dispatch_message_attachments') }}

),

messages as (

    select * from {{ ref('int_case_messages__resolved') }}

),

files as (

    select * from {{ ref('int_files__resolved') }}

),

final as (

    select
        links.*,
        files.target_table as file_target_table,
        case
            when messages.message_id is null then 'missing_message'
            when messages.disposition = 'rejected' then 'message_rejected'
            when files.file_id is null then 'missing_file'
            when files.disposition = 'rejected' then 'file_rejected'
        end as reject_reason,
        case
            when messages.message_id is null
                then 'message ' || links.message_id || ' does not exist'
            when messages.disposition = 'rejected'
                then 'message ' || links.message_id || ' was rejected (' || messages.reject_reason || ')'
            when files.file_id is null
                then 'file ' || links.file_id || ' does not exist'
            when files.disposition = 'rejected'
                then 'file ' || links.file_id || ' was rejected (' || files.reject_reason || ')'
        end as reject_detail,
        case
            when messages.disposition = 'migrated' and files.disposition = 'migrated' then 'migrated'
            else 'rejected'
        end as disposition,
        array[]::text[] as repairs,
        {{ tracking_columns() }}
    from links
    left join messages on links.message_id = messages.message_id
    left join files on links.file_id = files.file_id

)

select * from final
