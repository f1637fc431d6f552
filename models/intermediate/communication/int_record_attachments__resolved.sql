-- One row per dispatch_record_attachments link (0 rows in production): migrated when both its
-- record (a message) and its file migrate; otherwise rejected with the reason (record first):
-- the record or file does not exist (never did, or was deleted from the legacy database:
-- missing_record, missing_file) or was not migrated (record_rejected, file_rejected). Small:
-- every row is classified again on every run.
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

resolved as (

    select
        links.*,
        case when files.disposition = 'migrated' then files.target_table end as file_target_table,
        case
            when {{ parent_missing('records', 'record_id') }} then 'missing_record'
            when records.disposition <> 'migrated' then 'record_rejected'
            when {{ parent_missing('files', 'file_id') }} then 'missing_file'
            when files.disposition <> 'migrated' then 'file_rejected'
        end as reject_reason,
        case
            when {{ parent_missing('records', 'record_id') }}
                then 'record ' || links.record_id || ' does not exist'
            when records.disposition <> 'migrated'
                then
                    'record ' || links.record_id || ' was ' || records.disposition
                    || ' (' || records.reject_reason || ')'
            when {{ parent_missing('files', 'file_id') }}
                then 'file ' || links.file_id || ' does not exist'
            when files.disposition <> 'migrated'
                then 'file ' || links.file_id || ' was ' || files.disposition || ' (' || files.reject_reason || ')'
        end as reject_detail
    from links
    left join records on links.record_id = records.record_id
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
