-- One row per dispatch_record: the message it becomes, or why it cannot (issue 5). The generic
-- foreign key is resolved by (app_label, model): dispatch.patient -> a patient, the proxy
-- dispatch.user -> the profile of the auth_user (repointed to the kept user of a duplicate
-- address). Retired types (1, 2, 4, 7), other content types and objects that do not exist (never
-- did, or were deleted from the legacy database) are rejected; a record follows its patient or
-- user when that one is not migrated. A NULL author is the system; an author without profile is
-- unset. data '' (most pre-2017 rows) or malformed -> NULL, counted. Large: change-driven (its
-- own changes, the records of patients and users whose classification changed; every record when
-- a content type changed).
{{ config(unique_key='record_id', recompute='changes') }}

with

records as (

    select records.* from {{ ref('stg_legacy__dispatch_record') }} as records
    where
        {{ candidates('records', ref('stg_legacy__dispatch_record'), 'record_id', 'dispatch_record', parents=[
            ('object_id', ref('int_patients__resolved'), 'patient_id'),
            ('object_id', ref('int_profiles__resolved'), 'user_id'),
            ('author_id', ref('int_profiles__resolved'), 'user_id'),
        ]) }}
        -- a change of the content types (rare) classifies every record again
        or {{ legacy_table_changed('django_content_type') }}

),

content_types as (

    select * from {{ ref('stg_legacy__django_content_type') }}

),

patients as (

    select * from {{ ref('int_patients__resolved') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

typed as (

    select
        records.*,
        content_types.content_type_key,
        case content_types.content_type_key
            when 'dispatch.patient' then 'patient'
            when 'dispatch.user' then 'profile'
        end as subject_type
    from records
    left join content_types on records.content_type_id = content_types.content_type_id

),

-- the record's subject (a patient, or a user's profile) and its author's profile, and the
-- classification; a tombstone is no patient and no profile
resolved as (

    select
        typed.*,
        case when typed.subject_type = 'patient' then typed.object_id end as patient_id,
        case when typed.subject_type = 'patient' and patients.disposition = 'migrated' then typed.object_id end
            as resolved_patient_id,
        case when not {{ parent_missing('subject_users', 'user_id') }} then subject_users.resolved_user_id end
            as subject_user_id,
        case when not {{ parent_missing('authors', 'user_id') }} then authors.resolved_user_id end
            as author_user_id,
        typed.author_id is null as authored_by_system,
        case
            when typed.is_retired_type then 'retired_record_type'
            when typed.subject_type is null then 'unexpected_content_type'
            when typed.subject_type = 'patient' and {{ parent_missing('patients', 'patient_id') }}
                then 'missing_object'
            when typed.subject_type = 'profile' and {{ parent_missing('subject_users', 'user_id') }}
                then 'missing_object'
            when typed.subject_type = 'patient' and patients.disposition <> 'migrated' then 'patient_rejected'
            when typed.subject_type = 'profile' and subject_users.resolved_user_id is null then 'profile_rejected'
        end as reject_reason,
        case
            when typed.is_retired_type
                then 'type ' || typed.record_type_code || ' was retired before 2016'
            when typed.subject_type is null
                then
                    'content type ' || coalesce(typed.content_type_key, typed.content_type_id::text)
                    || ' is neither dispatch.patient nor dispatch.user'
            when typed.subject_type = 'patient' and {{ parent_missing('patients', 'patient_id') }}
                then 'patient ' || typed.object_id || ' does not exist'
            when typed.subject_type = 'profile' and {{ parent_missing('subject_users', 'user_id') }}
                then 'user ' || typed.object_id || ' does not exist'
            when typed.subject_type = 'patient' and patients.disposition <> 'migrated'
                then
                    'patient ' || typed.object_id || ' was ' || patients.disposition
                    || ' (' || patients.reject_reason || ')'
            when typed.subject_type = 'profile' and subject_users.resolved_user_id is null
                then 'user ' || typed.object_id || ' has no profile (' || subject_users.reject_reason || ')'
        end as reject_detail
    from typed
    left join patients
        on typed.subject_type = 'patient' and typed.object_id = patients.patient_id
    left join profiles as subject_users
        on typed.subject_type = 'profile' and typed.object_id = subject_users.user_id
    left join profiles as authors on typed.author_id = authors.user_id

),

repaired as (

    select
        *,
        array_remove(array[
            case
                when subject_type = 'profile' and object_id <> subject_user_id
                    then 'subject_repointed_to_kept_duplicate_user'
            end,
            case
                when author_id is not null and author_user_id is null
                    then 'author_without_profile_unset'
            end,
            case
                when author_id <> author_user_id
                    then 'author_repointed_to_kept_duplicate_user'
            end,
            case when data_is_empty then 'data_empty_string_nulled' end,
            case when data_is_malformed then 'data_malformed_json_nulled' end
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
