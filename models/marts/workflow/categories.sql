-- categories: the classification tree of task types and products (dispatch_category). The parent
-- is the one the intermediate model kept: a live category, never itself, never closing a cycle.
with

categories as (

    select * from {{ ref('int_categories__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

category_ids as (

    select * from {{ ref('map_categories') }}

),

final as (

    select
        category_ids.id,
        categories.category_id::bigint as legacy_id,
        categories.category_name as name,
        categories.slug,
        parents.id as parent_id,
        categories.kind,
        categories.sort_order
    from categories
    inner join category_ids on categories.category_id = category_ids.legacy_id
    left join category_ids as parents on categories.resolved_parent_category_id = parents.legacy_id

)

select * from final
