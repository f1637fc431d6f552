-- One row per dispatch_message_attachments link: migrated when both its case message and its
-- file migrate; otherwise rejected with the reason (message first): the message or file does
-- not exist (never did, or was deleted from the legacy database: missing_message, missing_file)
-- or was not migrated (message_rejected, file_rejected). Small: every row is classified again on
-- every run.
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

resolved as (

    select
        links.*,
        case when files.disposition = 'migrated' then files.target_table end as file_target_table,
        case
            when {{ parent_missing('messages', 'message_id') }} then 'missing_message'
            when messages.disposition <> 'migrated' then 'message_rejected'
            when {{ parent_missing('files', 'file_id') }} then 'missing_file'
            when files.disposition <> 'migrated' then 'file_rejected'
        end as reject_reason,
        case
            when {{ parent_missing('messages', 'message_id') }}
                then 'message ' || links.message_id || ' does not exist'
            when messages.disposition <> 'migrated'
                then
                    'message ' || links.message_id || ' was ' || messages.disposition
                    || ' (' || messages.reject_reason || ')'
            when {{ parent_missing('files', 'file_id') }}
                then 'file ' || links.file_id || ' does not exist'
            when files.disposition <> 'migrated'
                then 'file ' || links.file_id || ' was ' || files.disposition || ' (' || files.reject_reason || ')'
        end as reject_detail
    from links
    left join messages on links.message_id = messages.message_id
    left join files on links.file_id = files.file_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are recorded on migrated rows only
        case when reject_reason is null then {{ card_masked_repairs() }} else array[]::text[] end as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
