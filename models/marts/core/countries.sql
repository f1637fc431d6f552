with

countries as (

    select * from {{ ref('int_countries__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

country_ids as (

    select * from {{ ref('map_countries') }}

),

final as (

    select
        country_ids.id,
        countries.country_id::bigint as legacy_id,
        countries.country_code::text as code,
        countries.country_name::text as name,
        countries.phone_prefix::text as phone_prefix,
        countries.calling_code,
        countries.is_active
    from countries
    inner join country_ids on countries.country_id = country_ids.legacy_id

)

select * from final
