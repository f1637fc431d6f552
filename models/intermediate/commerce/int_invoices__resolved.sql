-- One row per dispatch_invoice. Always migrates (a financial document); an office or purchase
-- that was not migrated is unset and recorded as a repair.
{{ config(unique_key='invoice_id') }}

with

invoices as (

    select * from {{ ref('stg_legacy__dispatch_invoice') }}

),

offices as (

    select * from {{ ref('int_offices__resolved') }}

),

purchases as (

    select * from {{ ref('int_purchases__resolved') }}

),

resolved as (

    select
        invoices.*,
        case when offices.disposition = 'migrated' then invoices.office_id end as resolved_office_id,
        case when purchases.disposition = 'migrated' then invoices.purchase_id end as resolved_purchase_id,
        null::text as reject_reason,
        null::text as reject_detail,
        array_remove(array[
            case
                when invoices.office_id is not null and coalesce(offices.disposition, 'missing') <> 'migrated'
                    then 'office_not_migrated_unset'
            end,
            case
                when invoices.purchase_id is not null and coalesce(purchases.disposition, 'missing') <> 'migrated'
                    then 'purchase_rejected_unset'
            end
        ], null) as repairs
    from invoices
    left join offices on invoices.office_id = offices.office_id
    left join purchases on invoices.purchase_id = purchases.purchase_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        {{ tracking_columns() }}
    from resolved

)

select * from final
