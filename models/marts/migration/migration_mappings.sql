-- Every legacy id -> UUID assignment, by entity type. A rejected row keeps its reserved UUID
-- (migrated = false) so that it gets the same one if it is fixed and migrated later.
{{ config(materialized='view') }}

with

ledger as (

    select
        source_table,
        legacy_id,
        disposition
    from {{ ref('row_ledger') }}

),

core as (

    select * from {{ ref('int_core__mappings') }}

),

clinical as (

    select * from {{ ref('int_clinical__mappings') }}

),

orders as (

    select * from {{ ref('int_orders__mappings') }}

),

communication as (

    select * from {{ ref('int_communication__mappings') }}

),

workflow as (

    select * from {{ ref('int_workflow__mappings') }}

),

commerce as (

    select * from {{ ref('int_commerce__mappings') }}

),

mappings as (

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

),

final as (

    select
        mappings.entity_type,
        mappings.legacy_id,
        mappings.new_id,
        coalesce(ledger.disposition = 'migrated', false) as migrated
    from mappings
    left join ledger
        on mappings.source_table = ledger.source_table and mappings.legacy_id = ledger.legacy_id

)

select * from final
