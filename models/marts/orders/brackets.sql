with

brackets as (

    select * from {{ ref('int_brackets__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

bracket_ids as (

    select * from {{ ref('map_brackets') }}

),

final as (

    select
        bracket_ids.id,
        brackets.bracket_id::bigint as legacy_id,
        brackets.manufacturer,
        brackets.bracket_system,
        brackets.bracket_name as name,
        brackets.sku,
        brackets.tooth,
        brackets.slot,
        brackets.torque,
        brackets.angulation,
        brackets.is_active,
        brackets.created_at
    from brackets
    inner join bracket_ids on brackets.bracket_id = bracket_ids.legacy_id

)

select * from final
