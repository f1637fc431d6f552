-- Every repair applied to a migrated row (a derived office, a repointed duplicate user, ...).
{{ config(materialized='view') }}

with

ledger as (

    select * from {{ ref('row_ledger') }}

),

final as (

    select
        ledger.source_table,
        ledger.legacy_id,
        repair.repair_code,
        ledger.target_table
    from ledger
    cross join lateral unnest(ledger.repairs) as repair (repair_code)

)

select * from final
