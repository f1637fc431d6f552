-- One row per dispatch_category; every category migrates. The parent (parent_id) is kept only
-- when it leads, through live categories, to a root: a parent that does not exist (deleted from
-- the legacy database) is unset; a category that is its own parent has it unset; in a cycle of
-- parents (A -> B -> A, or longer) the category with the smallest id has its parent unset and
-- becomes the root of the chain. Each unset is a recorded repair. Small: every row is classified
-- again on every run.
{{ config(unique_key='category_id') }}

with recursive

categories as (

    select * from {{ ref('stg_legacy__dispatch_category') }}

),

-- the parent of a category, when that parent is a live category other than itself
candidate_parents as (

    select
        children.category_id,
        children.parent_category_id
    from categories as children
    inner join categories as parents on children.parent_category_id = parents.category_id
    where children.parent_category_id <> children.category_id

),

-- walking up from every category through its parents; stops at a root or at a revisited one
ancestry as (

    select
        category_id as start_id,
        parent_category_id as current_id,
        array[category_id] as path
    from candidate_parents

    union all

    select
        ancestry.start_id,
        up.parent_category_id as current_id,
        ancestry.path || ancestry.current_id as path
    from ancestry
    inner join candidate_parents as up on ancestry.current_id = up.category_id
    where not ancestry.current_id = any(ancestry.path)

),

-- categories that lead back to themselves: members of a cycle, with the cycle's smallest id
cycle_members as (

    select distinct on (start_id)
        start_id as category_id,
        (select min(member) from unnest(path) as member) as cycle_min_id
    from ancestry
    where current_id = start_id
    order by start_id, cardinality(path)

),

with_parent as (

    select
        categories.*,
        case
            when categories.parent_category_id = categories.category_id then 'parent_is_self_unset'
            when cycle_members.cycle_min_id = categories.category_id then 'parent_cycle_broken_unset'
            when categories.parent_category_id is not null and candidate_parents.category_id is null
                then 'parent_missing_unset'
        end as parent_repair,
        case
            when cycle_members.cycle_min_id = categories.category_id then null
            else candidate_parents.parent_category_id
        end as resolved_parent_category_id
    from categories
    left join candidate_parents on categories.category_id = candidate_parents.category_id
    left join cycle_members on categories.category_id = cycle_members.category_id

),

final as (

    select
        category_id,
        category_name,
        slug,
        parent_category_id,
        resolved_parent_category_id,
        kind,
        sort_order,
        'migrated'::text as disposition,
        null::text as reject_reason,
        null::text as reject_detail,
        array_remove(array[parent_repair], null) || {{ card_masked_repairs() }} as repairs,
        {{ tracking_columns() }}
    from with_parent

)

select * from final
