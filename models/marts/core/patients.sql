-- patients: the patients (dispatch_patient), from int_patients__resolved. id is the UUID
-- map_patients assigned; legacy_id is dispatch_patient.id. Only migrated patients: one whose office
-- does not exist, or whose missing office cannot be derived from the doctor (issue 8), is rejected
-- upstream. A missing office is the doctor's (usersetting office, else the doctor's only office).
-- The doctor is the resolved profile (a duplicate user's kept user; unset without a profile); the
-- address is kept when it migrated (otherwise unset). phone is E.164 beside phone_raw. Soft-deleted
-- patients are kept flagged (issue 18), deleted_at falling back to modified. An incremental run
-- merges the patients the intermediate model changed since this mart last succeeded.
with

patients as (

    select * from {{ ref('int_patients__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

patient_ids as (

    select * from {{ ref('map_patients') }}

),

office_ids as (

    select * from {{ ref('map_offices') }}

),

profile_ids as (

    select * from {{ ref('map_profiles') }}

),

address_ids as (

    select * from {{ ref('map_addresses') }}

),

final as (

    select
        patient_ids.id,
        patients.patient_id::bigint as legacy_id,
        office_ids.id as office_id,
        doctors.id as doctor_id,
        patients.first_name,
        patients.last_name,
        patients.email,
        patients.phone_e164 as phone,
        patients.phone_raw,
        patients.birth_date,
        patients.sex,
        patients.chart_number,
        patients.status,
        patients.notes,
        patients.medical_info,
        patients.is_deleted,
        patients.created_at,
        patients.modified_at as updated_at,
        case when patients.is_deleted then coalesce(patients.deleted_at, patients.modified_at) end as deleted_at,
        address_ids.id as address_id
    from patients
    inner join patient_ids on patients.patient_id = patient_ids.legacy_id
    inner join office_ids on patients.resolved_office_id = office_ids.legacy_id
    left join profile_ids as doctors on patients.doctor_user_id = doctors.legacy_id
    left join address_ids on patients.resolved_address_id = address_ids.legacy_id

)

select * from final
