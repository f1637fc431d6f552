-- One entry per legacy row of every covered table: migrated, rejected (with a reason code) or
-- excluded (with a reason). The accounting tests prove it covers each source row exactly once
-- and that its migrated rows are exactly the rows of the marts. Each domain contributes its
-- own int_<domain>__ledger.
with

core as (

    select * from {{ ref('int_core__ledger') }}

),

clinical as (

    select * from {{ ref('int_clinical__ledger') }}

),

orders as (

    select * from {{ ref('int_orders__ledger') }}

),

communication as (

    select * from {{ ref('int_communication__ledger') }}

),

workflow as (

    select * from {{ ref('int_workflow__ledger') }}

),

commerce as (

    select * from {{ ref('int_commerce__ledger') }}

),

final as (

    select * from core
    union all
    select * from clinical
    union all
    select * from orders
    union all
    select * from communication
    union all
    select * from workflow
    union all
    select * from commerce

)

select * from final
