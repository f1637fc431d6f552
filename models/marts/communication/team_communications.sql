-- team_communications: internal notes of the lab team (dispatch_comment), on an order or, with
-- order_id NULL, general. Soft-deleted notes are kept flagged.
with

comments as (

    select * from {{ ref('int_team_communications__resolved') }}
    where disposition = 'migrated' and {{ changed_since() }}

),

comment_ids as (

    select * from {{ ref('map_team_communications') }}

),

order_ids as (

    select * from {{ ref('map_orders') }}

),

profile_ids as (

    select * from {{ ref('map_profiles') }}

),

final as (

    select
        comment_ids.id,
        comments.comment_id::bigint as legacy_id,
        order_ids.id as order_id,
        authors.id as author_id,
        comments.body,
        comments.is_pinned,
        comments.is_deleted,
        comments.deleted_at,
        comments.created_at,
        comments.modified_at as updated_at
    from comments
    inner join comment_ids on comments.comment_id = comment_ids.legacy_id
    left join order_ids on comments.resolved_instruction_id = order_ids.legacy_id
    left join profile_ids as authors on comments.author_user_id = authors.legacy_id

)

select * from final
