-- The ledger entries of the core domain: one per legacy row of auth_user, dispatch_usersetting,
-- dispatch_office, dispatch_office_doctors, dispatch_patient and dispatch_instruction, and of the
-- reference tables dispatch_country, dispatch_address, dispatch_role, auth_permission,
-- dispatch_role_permissions and dispatch_globalsetting.
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

countries as (

    {{ ledger_entries(ref('int_countries__resolved'), 'dispatch_country', 'country_id', 'countries') }}

),

addresses as (

    {{ ledger_entries(ref('int_addresses__resolved'), 'dispatch_address', 'address_id', 'addresses') }}

),

roles as (

    {{ ledger_entries(ref('int_roles__resolved'), 'dispatch_role', 'role_id', 'roles') }}

),

permissions as (

    {{ ledger_entries(ref('int_permissions__resolved'), 'auth_permission', 'permission_id', 'permissions') }}

),

role_permissions as (

    {{ ledger_entries(
        ref('int_role_permissions__resolved'), 'dispatch_role_permissions', 'role_permission_id', 'role_permissions'
    ) }}

),

global_settings as (

    {{ ledger_entries(
        ref('int_global_settings__resolved'), 'dispatch_globalsetting', 'global_setting_id', 'global_settings'
    ) }}

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
    union all
    select * from countries
    union all
    select * from addresses
    union all
    select * from roles
    union all
    select * from permissions
    union all
    select * from role_permissions
    union all
    select * from global_settings

)

select * from final
