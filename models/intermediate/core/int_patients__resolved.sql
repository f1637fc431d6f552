-- One row per dispatch_patient. A missing office is derived from the doctor (usersetting
-- office, else the doctor's only office); when none can be derived the patient is rejected
-- (issue 8), as it is when its office does not exist (missing_office). Soft-deleted patients
-- migrate with deleted_at set (issue 18). The address is kept when it migrates (otherwise unset,
-- recorded as a repair).
{{ config(unique_key='patient_id') }}

with

patients as (

    select * from {{ ref('stg_legacy__dispatch_patient') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

addresses as (

    select * from {{ ref('int_addresses__resolved') }}

),

offices as (

    select * from {{ ref('int_offices__resolved') }}

),

doctor_offices as (

    select
        links.user_id,
        count(*) as office_count,
        min(links.office_id) as any_office_id
    from {{ ref('stg_legacy__dispatch_office_doctors') }} as links
    inner join offices on links.office_id = offices.office_id and offices.disposition = 'migrated'
    group by links.user_id

),

resolved as (

    select
        patients.*,
        doctors.resolved_user_id as doctor_user_id,
        patients.office_id is not null and {{ parent_missing('own_offices', 'office_id') }} as office_missing,
        coalesce(
            patients.office_id,
            doctors.office_id,
            case when doctor_offices.office_count = 1 then doctor_offices.any_office_id end
        ) as resolved_office_id,
        case
            when patients.office_id is not null then null
            when doctors.office_id is not null then 'office_from_doctor_setting'
            when doctor_offices.office_count = 1 then 'office_from_doctor_membership'
        end as office_repair,
        patients.doctor_id is not null and doctors.resolved_user_id is null as doctor_dropped,
        patients.doctor_id is not null and doctors.resolved_user_id <> patients.doctor_id as doctor_repointed,
        {{ kept_reference('addresses', 'patients.address_id') }} as resolved_address_id,
        {{ is_unset('addresses', 'patients.address_id') }} as address_dropped
    from patients
    left join profiles as doctors on patients.doctor_id = doctors.user_id
    left join doctor_offices on patients.doctor_id = doctor_offices.user_id
    left join addresses on patients.address_id = addresses.address_id
    left join offices as own_offices on patients.office_id = own_offices.office_id

),

final as (

    select
        *,
        case
            when office_missing then 'missing_office'
            when resolved_office_id is null then 'no_office'
        end as reject_reason,
        case
            when office_missing then 'office ' || office_id || ' does not exist'
            when resolved_office_id is null and doctor_id is null
                then 'office_id is NULL and the patient has no doctor to derive it from'
            when resolved_office_id is null
                then 'office_id is NULL and doctor ' || doctor_id || ' has no office to derive it from'
        end as reject_detail,
        case when office_missing or resolved_office_id is null then 'rejected' else 'migrated' end as disposition,
        case
            when office_missing or resolved_office_id is null then array[]::text[]
            else array_remove(array[
                office_repair,
                case when doctor_dropped then 'doctor_without_profile_unset' end,
                case when doctor_repointed then 'doctor_repointed_to_kept_duplicate_user' end,
                case when address_dropped then 'address_rejected_unset' end,
                case when medical_info_is_malformed then 'medical_info_malformed_json_nulled' end
            ], null) || {{ card_masked_repairs() }}
        end as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
