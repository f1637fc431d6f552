-- countries: the ISO 3166-1 countries of addresses (dispatch_country), from int_countries__resolved
-- (a reference table: every country migrates). id is the UUID map_countries assigned; legacy_id is
-- dispatch_country.id. country_code and country_name become code and name. An incremental run
-- merges the countries the intermediate model changed since this mart last succeeded.
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
