-- One row per dispatch_doctornote: the case message (kind doctor_note) it becomes, or why it
-- cannot. The instruction is enforced: a note whose order does not exist (deleted from the legacy
-- database) or was not migrated is rejected with it. An author without profile is unset, a
-- duplicate user repointed to the kept one. Small: every row is classified again on every run.
{{ config(unique_key='doctor_note_id') }}

with

notes as (

    select * from {{ ref('stg_legacy__dispatch_doctornote') }}

),

orders as (

    select * from {{ ref('int_orders__resolved') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

-- the order and the author's profile (a tombstone is no profile)
resolved as (

    select
        notes.*,
        case when not {{ parent_missing('authors', 'user_id') }} then authors.resolved_user_id end as author_user_id,
        {{ parent_rejection(
            'orders', 'instruction_id', 'notes.instruction_id',
            'instruction', 'missing_instruction', 'order_rejected'
        ) }}
    from notes
    left join orders on notes.instruction_id = orders.instruction_id
    left join profiles as authors on notes.author_id = authors.user_id

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
            end
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
