-- The ledger entries of the core domain: one per legacy row of auth_user, dispatch_usersetting,
-- dispatch_office, dispatch_office_doctors, dispatch_patient and dispatch_instruction.
with

profiles as (

    {{ ledger_entries(ref('int_profiles__resolved'), 'auth_user', 'user_id', 'profiles') }}

),

-- dispatch_usersetting is merged into profiles: it follows its user's profile
usersettings as (

    select
        'dispatch_usersetting'::text as source_table,
        usersetting_id::bigint as legacy_id,
        disposition::text as disposition,
        case when disposition = 'rejected' then 'profile_rejected' end as reason_code,
        case when disposition = 'rejected' then 'user ' || user_id || ' was rejected (' || reject_reason || ')' end
            as detail,
        'profiles'::text as target_table,
        array[]::text[] as repairs
    from {{ ref('int_profiles__resolved') }}
    where usersetting_id is not null

),

offices as (

    {{ ledger_entries(ref('int_offices__resolved'), 'dispatch_office', 'office_id', 'offices') }}

),

doctors as (

    {{ ledger_entries(ref('int_doctors__resolved'), 'dispatch_office_doctors', 'office_doctor_id', 'doctors') }}

),

patients as (

    {{ ledger_entries(ref('int_patients__resolved'), 'dispatch_patient', 'patient_id', 'patients') }}

),

orders as (

    {{ ledger_entries(ref('int_orders__resolved'), 'dispatch_instruction', 'instruction_id', 'orders') }}

),

final as (

    select * from profiles
    union all
    select * from usersettings
    union all
    select * from offices
    union all
    select * from doctors
    union all
    select * from patients
    union all
    select * from orders

)

select * from final
