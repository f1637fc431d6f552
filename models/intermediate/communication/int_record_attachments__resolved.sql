-- One row per dispatch_record_attachments link (0 rows in production): migrated when both its
-- record (a message) and its file migrate; otherwise rejected with the reason (record first).
{{ config(unique_key='record_attachment_id') }}

with

links as (

    select * from {{ ref('stg_legacy__dispatch_record_attachments') }}

),

records as (

    select * from {{ ref('int_records__resolved') }}

),

files as (

    select * from {{ ref('int_files__resolved') }}

),

final as (

    select
        links.*,
        files.target_table as file_target_table,
        case
            when records.record_id is null then 'missing_record'
            when records.disposition = 'rejected' then 'record_rejected'
            when files.file_id is null then 'missing_file'
            when files.disposition = 'rejected' then 'file_rejected'
        end as reject_reason,
        case
            when records.record_id is null
                then 'record ' || links.record_id || ' does not exist'
            when records.disposition = 'rejected'
                then 'record ' || links.record_id || ' was rejected (' || records.reject_reason || ')'
            when files.file_id is null
                then 'file ' || links.file_id || ' does not exist'
            when files.disposition = 'rejected'
                then 'file ' || links.file_id || ' was rejected (' || files.reject_reason || ')'
        end as reject_detail,
        case
            when records.disposition = 'migrated' and files.disposition = 'migrated' then 'migrated'
            else 'rejected'
        end as disposition,
        array[]::text[] as repairs,
        {{ tracking_columns() }}
    from links
    left join records on links.record_id = records.record_id
    left join files on links.file_id = files.file_id

)

select * from final
