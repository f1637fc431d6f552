-- The legacy id -> UUID mappings of the workflow domain.
with

mappings as (

    {%- for entity_type, source_table, mapping in [
        ('task', 'dispatch_task', 'map_tasks'),
        ('task_type', 'dispatch_tasktype', 'map_task_types'),
        ('category', 'dispatch_category', 'map_categories'),
        ('system_message', 'dispatch_notification', 'map_system_messages'),
        ('customer_feedback', 'dispatch_feedback', 'map_customer_feedback'),
    ] %}
        select
            '{{ entity_type }}'::text as entity_type,
            '{{ source_table }}'::text as source_table,
            legacy_id,
            id as new_id
        from {{ ref(mapping) }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

final as (

    select * from mappings

)

select * from final
