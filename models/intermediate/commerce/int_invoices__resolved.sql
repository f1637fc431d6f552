-- One row per dispatch_invoice. Always migrates (a financial document); an office or purchase
-- that was not migrated (deleted from the legacy database, ...) is unset and recorded as a
-- repair. Small: every row is classified again on every run.
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
        {{ kept_reference('offices', 'invoices.office_id') }} as resolved_office_id,
        {{ kept_reference('purchases', 'invoices.purchase_id') }} as resolved_purchase_id,
        array_remove(array[
            case when {{ is_unset('offices', 'invoices.office_id') }} then 'office_not_migrated_unset' end,
            case when {{ is_unset('purchases', 'invoices.purchase_id') }} then 'purchase_rejected_unset' end
        ], null) || {{ card_masked_repairs('invoices') }} as candidate_repairs
    from invoices
    left join offices on invoices.office_id = offices.office_id
    left join purchases on invoices.purchase_id = purchases.purchase_id

),

final as (

    select
        invoice_id,
        invoice_number,
        office_id,
        purchase_id,
        status,
        amount,
        tax,
        currency,
        issued_at,
        due_date,
        paid_at,
        pdf_path,
        created_at,
        modified_at,
        resolved_office_id,
        resolved_purchase_id,
        null::text as reject_reason,
        null::text as reject_detail,
        'migrated'::text as disposition,
        candidate_repairs as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
