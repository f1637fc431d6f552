-- addresses: postal addresses of offices, patients and shipments (dispatch_address), from
-- int_addresses__resolved. id is the UUID map_addresses assigned; legacy_id is dispatch_address.id.
-- Only migrated addresses: one whose country does not exist, or with a NULL country and no US
-- country to default to, is rejected upstream. A NULL legacy country is the US (repair
-- country_defaulted_to_us). phone is E.164 with the country's calling code, phone_raw as entered
-- (issue 14); the state stays free text. An incremental run merges the addresses the intermediate
-- model changed since this mart last succeeded.
with

addresses as (

    select * from {{ ref('int_addresses__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

address_ids as (

    select * from {{ ref('map_addresses') }}

),

country_ids as (

    select * from {{ ref('map_countries') }}

),

final as (

    select
        address_ids.id,
        addresses.address_id::bigint as legacy_id,
        addresses.line1::text as line1,
        addresses.line2::text as line2,
        addresses.city::text as city,
        addresses.state::text as state,
        addresses.zip_code::text as zip_code,
        country_ids.id as country_id,
        addresses.phone_e164 as phone,
        addresses.phone_raw::text as phone_raw,
        addresses.created_at,
        addresses.modified_at as updated_at
    from addresses
    inner join address_ids on addresses.address_id = address_ids.legacy_id
    inner join country_ids on addresses.resolved_country_id = country_ids.legacy_id

)

select * from final
