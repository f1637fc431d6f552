with

links as (

    select * from {{ ref('int_doctors__resolved') }}
    where disposition = 'migrated'

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
    inner join doctor_ids on doctor_ids.legacy_id = links.office_doctor_id
    inner join profile_ids on profile_ids.legacy_id = links.resolved_user_id
    inner join office_ids on office_ids.legacy_id = links.office_id

)

select * from final
