-- The legacy id -> UUID mappings of the workflow domain.
with

mappings as (

    {{ mapping_union([
        ('task', 'dispatch_task', 'map_tasks'),
        ('task_type', 'dispatch_tasktype', 'map_task_types'),
        ('category', 'dispatch_category', 'map_categories'),
        ('system_message', 'dispatch_notification', 'map_system_messages'),
        ('customer_feedback', 'dispatch_feedback', 'map_customer_feedback'),
    ]) }}

),

final as (

    select * from mappings

)

select * from final
