-- messages: the old generic record log (dispatch_record): notes and notifications on a patient,
-- or messages to a user through the proxy content type dispatch.user (the user's profile).
-- A NULL author is the system (author_id NULL, authored_by_system true).
with

records as (

    select * from {{ ref('int_records__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

message_ids as (

    select * from {{ ref('map_messages') }}

),

patient_ids as (

    select * from {{ ref('map_patients') }}

),

profile_ids as (

    select * from {{ ref('map_profiles') }}

),

final as (

    select
        message_ids.id,
        records.record_id::bigint as legacy_id,
        records.record_type,
        records.subject_type,
        patient_ids.id as patient_id,
        subjects.id as profile_id,
        authors.id as author_id,
        records.authored_by_system,
        records.title,
        records.body,
        records.data,
        records.visible_to_doctor,
        records.emailed,
        records.created_at,
        records.modified_at as updated_at
    from records
    inner join message_ids on records.record_id = message_ids.legacy_id
    left join patient_ids on records.resolved_patient_id = patient_ids.legacy_id
    left join profile_ids as subjects on records.subject_user_id = subjects.legacy_id
    left join profile_ids as authors on records.author_user_id = authors.legacy_id

)

select * from final
