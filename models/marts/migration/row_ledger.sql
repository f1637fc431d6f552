-- One entry per legacy row of every covered table: migrated, rejected (with a reason code) or
-- excluded (with a reason). The accounting tests prove it covers each source row exactly once
-- and that its migrated rows are exactly the rows of the marts. Each domain contributes its
-- own int_<domain>__ledger.
with

core as (

    select * from {{ ref('int_core__ledger') }}

),

final as (

    select * from core

)

select * from final
