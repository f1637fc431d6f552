-- One row per dispatch_comment: the team communication it becomes, or why it cannot. A note on
-- a rejected order is rejected with it; NULL instruction is a general team note. The soft delete
-- has no deleted_at: the last save time (a soft delete goes through save()) stands in for it.
{{ config(unique_key='comment_id') }}

with

comments as (

    select * from {{ ref('stg_legacy__dispatch_comment') }}

),

orders as (

    select * from {{ ref('int_orders__resolved') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

resolved as (

    select
        comments.*,
        authors.resolved_user_id as author_user_id,
        case when comments.is_deleted then comments.modified_at end as deleted_at,
        case
            when comments.instruction_id is not null and orders.instruction_id is null then 'missing_instruction'
            when orders.disposition = 'rejected' then 'order_rejected'
        end as reject_reason,
        case
            when comments.instruction_id is not null and orders.instruction_id is null
                then 'instruction ' || comments.instruction_id || ' does not exist'
            when orders.disposition = 'rejected'
                then 'instruction ' || comments.instruction_id || ' was rejected (' || orders.reject_reason || ')'
        end as reject_detail,
        array_remove(array[
            case
                when comments.author_id is not null and authors.resolved_user_id is null
                    then 'author_without_profile_unset'
            end,
            case
                when comments.author_id <> authors.resolved_user_id
                    then 'author_repointed_to_kept_duplicate_user'
            end,
            case when comments.is_deleted then 'deleted_at_from_modified' end
        ], null) as candidate_repairs
    from comments
    left join orders on comments.instruction_id = orders.instruction_id
    left join profiles as authors on comments.author_id = authors.user_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are those of a migrated row
        case when reject_reason is null then candidate_repairs else array[]::text[] end as repairs,
        {{ tracking_columns() }}
    from resolved

)

select * from final
