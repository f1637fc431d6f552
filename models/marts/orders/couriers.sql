-- couriers: the carriers (dispatch_courier), from int_couriers__resolved (every courier migrates).
-- id is the UUID map_couriers assigned; legacy_id is dispatch_courier.id. courier_name and
-- courier_code become name and code. An incremental run merges the couriers the intermediate model
-- changed since this mart last succeeded.
with

couriers as (

    select * from {{ ref('int_couriers__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

courier_ids as (

    select * from {{ ref('map_couriers') }}

),

final as (

    select
        courier_ids.id,
        couriers.courier_id::bigint as legacy_id,
        couriers.courier_name::text as name,
        couriers.courier_code::text as code,
        couriers.tracking_url,
        couriers.is_active
    from couriers
    inner join courier_ids on couriers.courier_id = courier_ids.legacy_id

)

select * from final
