-- One row per dispatch_address. A NULL country (pre-2016 rows) means US and is repaired to the
-- US country; the phone is normalised to E.164 with the address's calling code, the raw value
-- kept (issue 14). An address can only be rejected if no US country exists to default to.
with

addresses as (

    select * from {{ ref('stg_legacy__dispatch_address') }}

),

countries as (

    select * from {{ ref('int_countries__resolved') }}

),

us as (

    select country_id
    from countries
    where country_code = 'US'

),

resolved as (

    select
        addresses.*,
        coalesce(addresses.country_id, us.country_id) as resolved_country_id,
        addresses.country_id is null as country_defaulted
    from addresses
    left join us on addresses.country_id is null

),

with_phone as (

    select
        resolved.*,
        migration.phone_e164(
            resolved.phone_raw, coalesce(countries.calling_code, '{{ var("default_calling_code") }}')
        ) as phone_e164
    from resolved
    left join countries on resolved.resolved_country_id = countries.country_id

),

final as (

    select
        *,
        case when resolved_country_id is null then 'country_underivable' end as reject_reason,
        case
            when resolved_country_id is null then 'country_id is NULL and there is no US country to default to'
        end as reject_detail,
        case when resolved_country_id is null then 'rejected' else 'migrated' end as disposition,
        array_remove(array[
            case when country_defaulted and resolved_country_id is not null then 'country_defaulted_to_us' end
        ], null) as repairs
    from with_phone

)

select * from final
