-- Which technician roles may work cases of a product (legacy dispatch_product_roles). A migrated
-- link has a migrated product and a migrated role (the intermediate model rejects it otherwise).
with

product_roles as (

    select * from {{ ref('int_technician_roles__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

technician_role_ids as (

    select * from {{ ref('map_technician_roles') }}

),

product_ids as (

    select * from {{ ref('map_products') }}

),

role_ids as (

    select * from {{ ref('map_roles') }}

),

final as (

    select
        technician_role_ids.id,
        product_roles.product_role_id::bigint as legacy_id,
        product_ids.id as product_id,
        role_ids.id as role_id
    from product_roles
    inner join technician_role_ids on product_roles.product_role_id = technician_role_ids.legacy_id
    inner join product_ids on product_roles.product_id = product_ids.legacy_id
    inner join role_ids on product_roles.role_id = role_ids.legacy_id

)

select * from final
