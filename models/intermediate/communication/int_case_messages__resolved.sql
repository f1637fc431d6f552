-- One row per dispatch_message: the case message it becomes, or why it cannot. A message whose
-- instruction does not exist or was rejected is rejected (issue 4). A NULL sender is the system.
-- A reply to a rejected message keeps its place in the case with reply_to unset.
{{ config(unique_key='message_id') }}

with

messages as (

    select * from {{ ref('stg_legacy__dispatch_message') }}

),

orders as (

    select * from {{ ref('int_orders__resolved') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

resolved as (

    select
        messages.*,
        senders.resolved_user_id as sender_user_id,
        messages.sender_id is null as sent_by_system,
        {{ parent_rejection(
            'orders', 'instruction_id', 'messages.instruction_id',
            'instruction', 'missing_instruction', 'order_rejected'
        ) }},
        array_remove(array[
            case
                when messages.sender_id is not null and senders.resolved_user_id is null
                    then 'sender_without_profile_unset'
            end,
            case
                when messages.sender_id <> senders.resolved_user_id
                    then 'sender_repointed_to_kept_duplicate_user'
            end
        ], null) as base_repairs
    from messages
    left join orders on messages.instruction_id = orders.instruction_id
    left join profiles as senders on messages.sender_id = senders.user_id

),

with_reply_to as (

    select
        resolved.*,
        case
            when resolved.reply_to_message_id is not null and replied.reject_reason is null
                then resolved.reply_to_message_id
        end as resolved_reply_to_message_id,
        resolved.reply_to_message_id is not null
        and replied.reject_reason is not null as reply_to_dropped
    from resolved
    left join resolved as replied on resolved.reply_to_message_id = replied.message_id

),

final as (

    select
        *,
        case when reject_reason is null then 'migrated' else 'rejected' end as disposition,
        -- repairs are those of a migrated row
        case
            when reject_reason is not null then array[]::text[]
            when reply_to_dropped then base_repairs || array['reply_to_rejected_unset']
            else base_repairs
        end as repairs,
        {{ tracking_columns() }}
    from with_reply_to

)

select * from final
