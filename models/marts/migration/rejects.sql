-- Every legacy row that could not be migrated, with its reason code and a readable detail.
{{ config(materialized='view') }}

with

ledger as (

    select * from {{ ref('row_ledger') }}

),

final as (

    select
        source_table,
        legacy_id,
        reason_code,
        detail,
        target_table
    from ledger
    where disposition = 'rejected'

)

select * from final
