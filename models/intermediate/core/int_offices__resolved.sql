-- One row per dispatch_office. Every office migrates; soft-deleted offices keep deleted_at
-- (they still own patients and orders). Its billing and shipping addresses are kept when the
-- address migrates (otherwise unset, recorded as a repair).
with

offices as (

    select * from {{ ref('stg_legacy__dispatch_office') }}

),

addresses as (

    select * from {{ ref('int_addresses__resolved') }}

),

resolved as (

    select
        offices.*,
        case when billing.disposition = 'migrated' then offices.billing_address_id end
            as resolved_billing_address_id,
        case when shipping.disposition = 'migrated' then offices.shipping_address_id end
            as resolved_shipping_address_id,
        offices.billing_address_id is not null and coalesce(billing.disposition, 'missing') <> 'migrated'
            as billing_address_dropped,
        offices.shipping_address_id is not null and coalesce(shipping.disposition, 'missing') <> 'migrated'
            as shipping_address_dropped
    from offices
    left join addresses as billing on offices.billing_address_id = billing.address_id
    left join addresses as shipping on offices.shipping_address_id = shipping.address_id

),

final as (

    select
        *,
        'migrated' as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        array_remove(array[
            case when billing_address_dropped then 'billing_address_rejected_unset' end,
            case when shipping_address_dropped then 'shipping_address_rejected_unset' end
        ], null) as repairs
    from resolved

)

select * from final
