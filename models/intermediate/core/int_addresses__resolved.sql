-- One row per dispatch_address. A NULL country (pre-2016 rows) means US and is repaired to the
-- US country; the phone is normalised to E.164 with the address's calling code, the raw value
-- kept (issue 14). An address is rejected when its country does not exist (missing_country) or,
-- for a NULL country, when no US country exists to default to (country_underivable).
{{ config(unique_key='address_id') }}

with

addresses as (

    select * from {{ ref('stg_legacy__dispatch_address') }}

),

countries as (

    select * from {{ ref('int_countries__resolved') }}
    where disposition = 'migrated'

),

us as (

    select country_id
    from countries
    where country_code = 'US'

),

resolved as (

    select
        addresses.*,
        coalesce(own.country_id, us.country_id) as resolved_country_id,
        addresses.country_id is null as country_defaulted,
        addresses.country_id is not null and own.country_id is null as country_missing
    from addresses
    left join countries as own on addresses.country_id = own.country_id
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
        case
            when country_missing then 'missing_country'
            when resolved_country_id is null then 'country_underivable'
        end as reject_reason,
        case
            when country_missing then 'country ' || country_id || ' does not exist'
            when resolved_country_id is null then 'country_id is NULL and there is no US country to default to'
        end as reject_detail,
        case when country_missing or resolved_country_id is null then 'rejected' else 'migrated' end as disposition,
        case
            when country_missing or resolved_country_id is null then array[]::text[]
            else array_remove(array[
                case when country_defaulted then 'country_defaulted_to_us' end
            ], null) || {{ card_masked_repairs() }}
        end as repairs,
        {{ tracking_columns() }}
    from with_phone

)

select * from final
