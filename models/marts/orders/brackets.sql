-- brackets: the bracket catalogue, one row per bracket and tooth position (dispatch_bracket), from
-- int_brackets__resolved (every bracket migrates). id is the UUID map_brackets assigned; legacy_id
-- is dispatch_bracket.id; bracket_name becomes name. An incremental run merges the brackets the
-- intermediate model changed since this mart last succeeded.
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
