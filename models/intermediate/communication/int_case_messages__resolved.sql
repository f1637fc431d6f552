-- One row per dispatch_message: the case message it becomes, or why it cannot. A message whose
-- instruction does not exist (never did, or was deleted from the legacy database) or was not
-- migrated is rejected (issue 4). A NULL sender is the system; a sender without profile is unset.
-- The reply-to reference is kept only when it leads, through migrated messages, to a first
-- message: a reply to a message that is not migrated (or no longer exists) keeps its place in the
-- case with reply_to unset; a message that replies to itself has it unset; in a cycle of replies
-- (A -> B -> A, or longer) the message with the smallest id has its reply_to unset. Each unset is
-- a recorded repair. Small: every row is classified again on every run.
{{ config(unique_key='message_id') }}

with recursive

messages as (

    select * from {{ ref('stg_legacy__dispatch_message') }}

),

orders as (

    select * from {{ ref('int_orders__resolved') }}

),

profiles as (

    select * from {{ ref('int_profiles__resolved') }}

),

-- the order and the sender's profile (a tombstone is no profile)
resolved as (

    select
        messages.*,
        case when not {{ parent_missing('senders', 'user_id') }} then senders.resolved_user_id end as sender_user_id,
        messages.sender_id is null as sent_by_system,
        {{ parent_rejection(
            'orders', 'instruction_id', 'messages.instruction_id',
            'instruction', 'missing_instruction', 'order_rejected'
        ) }}
    from messages
    left join orders on messages.instruction_id = orders.instruction_id
    left join profiles as senders on messages.sender_id = senders.user_id

),

-- the replied-to message of a migrated message, when that message is migrated too
candidate_replies as (

    select
        replies.message_id,
        replies.reply_to_message_id
    from resolved as replies
    inner join resolved as replied on replies.reply_to_message_id = replied.message_id
    where replies.reject_reason is null and replied.reject_reason is null

),

-- walking up from every message through the messages it replies to; stops at a first message
-- or at a revisited one
thread as (

    select
        message_id as start_id,
        reply_to_message_id as current_id,
        array[message_id] as path
    from candidate_replies

    union all

    select
        thread.start_id,
        up.reply_to_message_id as current_id,
        thread.path || thread.current_id as path
    from thread
    inner join candidate_replies as up on thread.current_id = up.message_id
    where not thread.current_id = any(thread.path)

),

-- messages that lead back to themselves: members of a cycle, with the cycle's smallest id
cycle_members as (

    select distinct on (start_id)
        start_id as message_id,
        (select min(member) from unnest(path) as member) as cycle_min_id
    from thread
    where current_id = start_id
    order by start_id, cardinality(path)

),

with_reply_to as (

    select
        resolved.*,
        case
            when resolved.reply_to_message_id is null then null
            when resolved.reply_to_message_id = resolved.message_id then 'reply_to_is_self_unset'
            when cycle_members.cycle_min_id = resolved.message_id then 'reply_to_cycle_broken_unset'
            when candidate_replies.message_id is not null then null
            when replied.message_id is null then 'reply_to_missing_unset'
            else 'reply_to_rejected_unset'
        end as reply_to_repair,
        case
            when resolved.reply_to_message_id = resolved.message_id then null
            when cycle_members.cycle_min_id = resolved.message_id then null
            else candidate_replies.reply_to_message_id
        end as resolved_reply_to_message_id
    from resolved
    left join candidate_replies on resolved.message_id = candidate_replies.message_id
    left join cycle_members on resolved.message_id = cycle_members.message_id
    left join resolved as replied on resolved.reply_to_message_id = replied.message_id

),

repaired as (

    select
        *,
        reply_to_repair is not null as reply_to_dropped,
        array_remove(array[
            case
                when sender_id is not null and sender_user_id is null
                    then 'sender_without_profile_unset'
            end,
            case
                when sender_id <> sender_user_id
                    then 'sender_repointed_to_kept_duplicate_user'
            end,
            reply_to_repair
        ], null) || {{ card_masked_repairs() }} as candidate_repairs
    from with_reply_to

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
