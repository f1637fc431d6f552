-- doctors: doctor memberships, which profile practises at which office (dispatch_office_doctors),
-- from int_doctors__resolved. id is the UUID map_doctors assigned; legacy_id is
-- dispatch_office_doctors.id. Only migrated links: one whose user or office does not exist, whose
-- user has no profile, or that repeats the membership of the same kept user and office is rejected
-- upstream. The profile is the kept user of a duplicate user (resolved_user_id). An incremental run
-- merges the links the intermediate model changed since this mart last succeeded.
with

links as (

    select * from {{ ref('int_doctors__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

doctor_ids as (

    select * from {{ ref('map_doctors') }}

),

profile_ids as (

    select * from {{ ref('map_profiles') }}

),

office_ids as (

    select * from {{ ref('map_offices') }}

),

final as (

    select
        doctor_ids.id,
        links.office_doctor_id::bigint as legacy_id,
        profile_ids.id as profile_id,
        office_ids.id as office_id
    from links
    inner join doctor_ids on links.office_doctor_id = doctor_ids.legacy_id
    inner join profile_ids on links.resolved_user_id = profile_ids.legacy_id
    inner join office_ids on links.office_id = office_ids.legacy_id

)

select * from final
