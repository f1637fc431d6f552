-- One row per dispatch_file: the order file or case file it becomes, or why it cannot. The
-- generic foreign key is resolved by (app_label, model): dispatch.instruction -> order_files,
-- dispatch.patient -> case_files, anything else is rejected. A file whose order or patient does
-- not exist (never did, issue 6, or was deleted from the legacy database) is rejected, as is one
-- whose order or patient was not migrated. Soft-deleted files migrate flagged, as do files under
-- soft-deleted parents (issue 18). Large: change-driven (its own changes, the files of orders,
-- patients and uploaders whose classification changed; every file when a content type changed).
{{ config(
    unique_key='file_id',
    recompute='changes',
    class_columns=['disposition', 'reject_reason', 'target_table'],
) }}

with

files as (

    select files.* from {{ ref('stg_legacy__dispatch_file') }} as files
    where
        {{ candidates('files', ref('stg_legacy__dispatch_file'), 'file_id', 'dispatch_file', parents=[
            ('object_id', ref('int_orders__resolved'), 'instruction_id'),
            ('object_id', ref('int_patients__resolved'), 'patient_id'),
            ('uploaded_by_id', ref('int_profiles__resolved'), 'user_id'),
        ]) }}
        -- a change of the content types (rare) classifies every file again
        or {{ legacy_table_changed('django_content_type') }}

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

-- the parent of the file's target, and the uploader's profile (a tombstone is no profile)
resolved as (

    select
        typed.*,
        case when typed.target_table = 'order_files' then typed.object_id end as instruction_id,
        case when typed.target_table = 'case_files' then typed.object_id end as patient_id,
        case
            when typed.target_table = 'order_files' and orders.disposition = 'migrated' then typed.object_id
        end as resolved_instruction_id,
        case
            when typed.target_table = 'case_files' and patients.disposition = 'migrated' then typed.object_id
        end as resolved_patient_id,
        case when not {{ parent_missing('uploaders', 'user_id') }} then uploaders.resolved_user_id end
            as uploaded_by_user_id,
        case
            when typed.target_table is null then 'unexpected_content_type'
            when typed.target_table = 'order_files' and {{ parent_missing('orders', 'instruction_id') }}
                then 'missing_instruction'
            when typed.target_table = 'order_files' and orders.disposition <> 'migrated' then 'order_rejected'
            when typed.target_table = 'case_files' and {{ parent_missing('patients', 'patient_id') }}
                then 'missing_patient'
            when typed.target_table = 'case_files' and patients.disposition <> 'migrated' then 'patient_rejected'
        end as reject_reason,
        case
            when typed.target_table is null
                then
                    'content type ' || coalesce(typed.content_type_key, typed.content_type_id::text)
                    || ' is neither dispatch.instruction nor dispatch.patient'
            when typed.target_table = 'order_files' and {{ parent_missing('orders', 'instruction_id') }}
                then 'instruction ' || typed.object_id || ' does not exist'
            when typed.target_table = 'order_files' and orders.disposition <> 'migrated'
                then
                    'instruction ' || typed.object_id || ' was ' || orders.disposition
                    || ' (' || orders.reject_reason || ')'
            when typed.target_table = 'case_files' and {{ parent_missing('patients', 'patient_id') }}
                then 'patient ' || typed.object_id || ' does not exist'
            when typed.target_table = 'case_files' and patients.disposition <> 'migrated'
                then
                    'patient ' || typed.object_id || ' was ' || patients.disposition
                    || ' (' || patients.reject_reason || ')'
        end as reject_detail
    from typed
    left join orders
        on typed.target_table = 'order_files' and typed.object_id = orders.instruction_id
    left join patients
        on typed.target_table = 'case_files' and typed.object_id = patients.patient_id
    left join profiles as uploaders on typed.uploaded_by_id = uploaders.user_id

),

repaired as (

    select
        *,
        array_remove(array[
            case
                when uploaded_by_id is not null and uploaded_by_user_id is null
                    then 'uploader_without_profile_unset'
            end,
            case
                when uploaded_by_id <> uploaded_by_user_id
                    then 'uploader_repointed_to_kept_duplicate_user'
            end,
            case when sha1_is_malformed then 'sha1_not_hex_dropped' end,
            case when is_deleted and deleted_at is null then 'deleted_at_from_modified' end
        ], null) || {{ card_masked_repairs() }} as candidate_repairs
    from resolved

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are recorded on migrated rows only
        case when reject_reason is null then candidate_repairs else array[]::text[] end as repairs,
        {{ tracking_columns() }}
    from repaired

)

select * from final
