-- offices: doctor offices (practices), the lab's customers (dispatch_office), from
-- int_offices__resolved (every office migrates). id is the UUID map_offices assigned; legacy_id is
-- dispatch_office.id. Soft-deleted offices are kept flagged, as they still own patients and orders:
-- deleted_at is the legacy deleted_at, else modified. The billing and shipping addresses are kept
-- when the address migrated (otherwise unset, a repair). phone and fax are E.164 beside the raw
-- values; settings is NULL when the legacy text was not JSON. An incremental run merges the offices
-- the intermediate model changed since this mart last succeeded.
with

offices as (

    select * from {{ ref('int_offices__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

office_ids as (

    select * from {{ ref('map_offices') }}

),

address_ids as (

    select * from {{ ref('map_addresses') }}

),

final as (

    select
        office_ids.id,
        offices.office_id::bigint as legacy_id,
        offices.office_name as name,
        offices.office_code as code,
        offices.email,
        offices.phone_e164 as phone,
        offices.phone_raw,
        offices.fax_e164 as fax,
        offices.fax_raw,
        offices.website,
        offices.tax_id,
        offices.notes,
        offices.is_active,
        offices.square_customer_id,
        offices.settings,
        offices.is_deleted,
        offices.created_at,
        offices.modified_at as updated_at,
        case when offices.is_deleted then coalesce(offices.deleted_at, offices.modified_at) end as deleted_at,
        billing_addresses.id as billing_address_id,
        shipping_addresses.id as shipping_address_id
    from offices
    inner join office_ids on offices.office_id = office_ids.legacy_id
    left join address_ids as billing_addresses on offices.resolved_billing_address_id = billing_addresses.legacy_id
    left join address_ids as shipping_addresses on offices.resolved_shipping_address_id = shipping_addresses.legacy_id

)

select * from final
