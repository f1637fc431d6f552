-- One row per dispatch_comment: the team communication it becomes, or why it cannot. NULL
-- instruction is a general team note; a note on an order belongs to that order, so a note whose
-- order does not exist (deleted from the legacy database) or was not migrated is rejected with
-- it rather than turned into a general note. An author without profile is unset, a duplicate
-- user repointed to the kept one. The soft delete has no deleted_at: the last save time (a soft
-- delete goes through save()) stands in for it. Small: every row is classified again on every run.
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

-- the order (when the note has one) and the author's profile (a tombstone is no profile)
resolved as (

    select
        comments.*,
        {{ kept_reference('orders', 'comments.instruction_id') }} as resolved_instruction_id,
        case when not {{ parent_missing('authors', 'user_id') }} then authors.resolved_user_id end as author_user_id,
        case when comments.is_deleted then comments.modified_at end as deleted_at,
        case
            when comments.instruction_id is not null and {{ parent_missing('orders', 'instruction_id') }}
                then 'missing_instruction'
            when comments.instruction_id is not null and orders.disposition <> 'migrated' then 'order_rejected'
        end as reject_reason,
        case
            when comments.instruction_id is not null and {{ parent_missing('orders', 'instruction_id') }}
                then 'instruction ' || comments.instruction_id || ' does not exist'
            when comments.instruction_id is not null and orders.disposition <> 'migrated'
                then
                    'instruction ' || comments.instruction_id || ' was ' || orders.disposition
                    || ' (' || orders.reject_reason || ')'
        end as reject_detail
    from comments
    left join orders on comments.instruction_id = orders.instruction_id
    left join profiles as authors on comments.author_id = authors.user_id

),

repaired as (

    select
        *,
        array_remove(array[
            case
                when author_id is not null and author_user_id is null
                    then 'author_without_profile_unset'
            end,
            case
                when author_id <> author_user_id
                    then 'author_repointed_to_kept_duplicate_user'
            end,
            case when is_deleted then 'deleted_at_from_modified' end
        ], null) || {{ card_masked_repairs() }} as candidate_repairs
    from resolved

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are recorded on migrated rows only
        case when reject_reason is null then candidate_repairs else array[]::text[] end as repairs,
        {{ tracking_columns() }}
    from repaired

)

select * from final
