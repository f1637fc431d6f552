-- One row per dispatch_doctornote: the case message (kind doctor_note) it becomes, or why it
-- cannot. The instruction is enforced; a note on a rejected order is rejected with it.
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

resolved as (

    select
        notes.*,
        authors.resolved_user_id as author_user_id,
        {{ parent_rejection(
            'orders', 'instruction_id', 'notes.instruction_id',
            'instruction', 'missing_instruction', 'order_rejected'
        ) }},
        array_remove(array[
            case
                when notes.author_id is not null and authors.resolved_user_id is null
                    then 'author_without_profile_unset'
            end,
            case
                when notes.author_id <> authors.resolved_user_id
                    then 'author_repointed_to_kept_duplicate_user'
            end
        ], null) as candidate_repairs
    from notes
    left join orders on notes.instruction_id = orders.instruction_id
    left join profiles as authors on notes.author_id = authors.user_id

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
