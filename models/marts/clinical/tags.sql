-- tags: the free tags of patients (dispatch_tag).
with

tags as (

    select * from {{ ref('int_tags__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

tag_ids as (

    select * from {{ ref('map_tags') }}

),

final as (

    select
        tag_ids.id,
        tags.tag_id::bigint as legacy_id,
        tags.tag_name::text as name,
        tags.color,
        tags.created_at
    from tags
    inner join tag_ids on tags.tag_id = tag_ids.legacy_id

)

select * from final
