-- The ledger entries of the workflow domain: one per legacy row of dispatch_task,
-- dispatch_tasktype, dispatch_category, dispatch_notification and dispatch_feedback.
with

tasks as (

    {{ ledger_entries(ref('int_tasks__resolved'), 'dispatch_task', 'task_id', 'tasks') }}

),

task_types as (

    {{ ledger_entries(ref('int_task_types__resolved'), 'dispatch_tasktype', 'task_type_id', 'task_types') }}

),

categories as (

    {{ ledger_entries(ref('int_categories__resolved'), 'dispatch_category', 'category_id', 'categories') }}

),

system_messages as (

    {{ ledger_entries(
        ref('int_system_messages__resolved'), 'dispatch_notification',
        'notification_id', 'system_messages') }}

),

customer_feedback as (

    {{ ledger_entries(
        ref('int_customer_feedback__resolved'), 'dispatch_feedback',
        'feedback_id', 'customer_feedback') }}

),

final as (

    select * from tasks
    union all
    select * from task_types
    union all
    select * from categories
    union all
    select * from system_messages
    union all
    select * from customer_feedback

)

select * from final
