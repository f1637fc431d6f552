-- One row per dispatch_file: the order file or case file it becomes, or why it cannot. The
-- generic foreign key is resolved by (app_label, model): dispatch.instruction -> order_files,
-- dispatch.patient -> case_files, anything else is rejected. A patient file whose patient does
-- not exist is rejected (issue 6); a file follows its rejected order or patient. Soft-deleted
-- files migrate flagged, as do files under soft-deleted parents (issue 18).
{{ config(unique_key='file_id') }}

with

files as (

    select * from {{ ref('stg_legacy__dispatch_file') }}

),

content_types as (

    select * from {{ ref('stg_legacy__django_content_type') }}

),

orders as (

    select * from {{ ref('int_orders__resolved') }}

),

patients as (

    select * from {{ ref('int_patients__resolved') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

typed as (

    select
        files.*,
        content_types.content_type_key,
        case content_types.content_type_key
            when 'dispatch.instruction' then 'order_files'
            when 'dispatch.patient' then 'case_files'
        end as target_table
    from files
    left join content_types on files.content_type_id = content_types.content_type_id

),

resolved as (

    select
        typed.*,
        case when typed.target_table = 'order_files' then typed.object_id end as instruction_id,
        case when typed.target_table = 'case_files' then typed.object_id end as patient_id,
        uploaders.resolved_user_id as uploaded_by_user_id,
        case
            when typed.target_table is null then 'unexpected_content_type'
            when typed.target_table = 'order_files' and orders.instruction_id is null then 'missing_instruction'
            when typed.target_table = 'order_files' and orders.disposition = 'rejected' then 'order_rejected'
            when typed.target_table = 'case_files' and patients.patient_id is null then 'missing_patient'
            when typed.target_table = 'case_files' and patients.disposition = 'rejected' then 'patient_rejected'
        end as reject_reason,
        case
            when typed.target_table is null
                then
                    'content type ' || coalesce(typed.content_type_key, typed.content_type_id::text)
                    || ' is neither dispatch.instruction nor dispatch.patient'
            when typed.target_table = 'order_files' and orders.instruction_id is null
                then 'instruction ' || typed.object_id || ' does not exist'
            when typed.target_table = 'order_files' and orders.disposition = 'rejected'
                then 'instruction ' || typed.object_id || ' was rejected (' || orders.reject_reason || ')'
            when typed.target_table = 'case_files' and patients.patient_id is null
                then 'patient ' || typed.object_id || ' does not exist'
            when typed.target_table = 'case_files' and patients.disposition = 'rejected'
                then 'patient ' || typed.object_id || ' was rejected (' || patients.reject_reason || ')'
        end as reject_detail,
        array_remove(array[
            case
                when typed.uploaded_by_id is not null and uploaders.resolved_user_id is null
                    then 'uploader_without_profile_unset'
            end,
            case
                when typed.uploaded_by_id <> uploaders.resolved_user_id
                    then 'uploader_repointed_to_kept_duplicate_user'
            end,
            case when typed.sha1_is_malformed then 'sha1_not_hex_dropped' end,
            case when typed.is_deleted and typed.deleted_at is null then 'deleted_at_from_modified' end
        ], null) as candidate_repairs
    from typed
    left join orders
        on typed.target_table = 'order_files' and typed.object_id = orders.instruction_id
    left join patients
        on typed.target_table = 'case_files' and typed.object_id = patients.patient_id
    left join profiles as uploaders on typed.uploaded_by_id = uploaders.user_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are those of a migrated row
        case when reject_reason is null then candidate_repairs else array[]::text[] end as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
