-- The ledger entries of the workflow domain (none yet: its tables are not covered).
with

final as (

    select
        null::text as source_table,
        null::bigint as legacy_id,
        null::text as disposition,
        null::text as reason_code,
        null::text as detail,
        null::text as target_table,
        null::text[] as repairs
    where false

)

select * from final
