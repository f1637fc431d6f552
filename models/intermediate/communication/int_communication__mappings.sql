-- The legacy id -> UUID mappings of the communication domain.
with

mappings as (

    {%- for entity_type, source_table, mapping in [
        ('file', 'dispatch_file', 'map_files'),
        ('case_message', 'dispatch_message', 'map_case_messages'),
        ('doctor_note', 'dispatch_doctornote', 'map_doctor_notes'),
        ('message_attachment', 'dispatch_message_attachments', 'map_message_attachments'),
        ('message', 'dispatch_record', 'map_messages'),
        ('record_attachment', 'dispatch_record_attachments', 'map_record_attachments'),
        ('team_communication', 'dispatch_comment', 'map_team_communications'),
        ('message_template', 'dispatch_template', 'map_message_templates'),
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
