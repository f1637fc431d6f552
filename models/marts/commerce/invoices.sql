-- Invoice documents; exact numeric amounts with their currency.
with

invoices as (

    select * from {{ ref('int_invoices__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

invoice_ids as (

    select * from {{ ref('map_invoices') }}

),

office_ids as (

    select * from {{ ref('map_offices') }}

),

purchase_ids as (

    select * from {{ ref('map_purchases') }}

),

final as (

    select
        invoice_ids.id,
        invoices.invoice_id::bigint as legacy_id,
        invoices.invoice_number as number,
        office_ids.id as office_id,
        purchase_ids.id as purchase_id,
        invoices.status,
        invoices.amount::numeric(12, 2) as amount,
        invoices.tax::numeric(12, 2) as tax,
        invoices.currency,
        invoices.issued_at,
        invoices.due_date,
        invoices.paid_at,
        invoices.pdf_path,
        invoices.created_at,
        invoices.modified_at as updated_at
    from invoices
    inner join invoice_ids on invoices.invoice_id = invoice_ids.legacy_id
    left join office_ids on invoices.resolved_office_id = office_ids.legacy_id
    left join purchase_ids on invoices.resolved_purchase_id = purchase_ids.legacy_id

)

select * from final
