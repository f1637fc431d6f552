-- Every repair applied to a migrated row (a derived office, a repointed duplicate user, ...);
-- a rejected row is not migrated, so nothing was repaired on it.
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
    where ledger.disposition = 'migrated'

)

select * from final
