-- The legacy id -> UUID mappings of the workflow domain (none yet).
with

final as (

    select
        null::text as entity_type,
        null::text as source_table,
        null::bigint as legacy_id,
        null::uuid as new_id
    where false

)

select * from final
