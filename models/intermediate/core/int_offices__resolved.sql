-- One row per dispatch_office. Every office migrates; soft-deleted offices keep deleted_at
-- (they still own patients and orders). Its billing and shipping addresses are kept when the
-- address migrates (otherwise unset, recorded as a repair).
{{ config(unique_key='office_id') }}

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
        {{ kept_reference('billing', 'offices.billing_address_id') }} as resolved_billing_address_id,
        {{ kept_reference('shipping', 'offices.shipping_address_id') }} as resolved_shipping_address_id,
        {{ is_unset('billing', 'offices.billing_address_id') }} as billing_address_dropped,
        {{ is_unset('shipping', 'offices.shipping_address_id') }} as shipping_address_dropped
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
            case when shipping_address_dropped then 'shipping_address_rejected_unset' end,
            case when settings_is_malformed then 'settings_malformed_json_nulled' end
        ], null) || {{ card_masked_repairs() }} as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
