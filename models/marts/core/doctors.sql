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
