-- The legacy id -> UUID mappings of the communication domain.
with

mappings as (

    {{ mapping_union([
        ('file', 'dispatch_file', 'map_files'),
        ('case_message', 'dispatch_message', 'map_case_messages'),
        ('doctor_note', 'dispatch_doctornote', 'map_doctor_notes'),
        ('message_attachment', 'dispatch_message_attachments', 'map_message_attachments'),
        ('message', 'dispatch_record', 'map_messages'),
        ('record_attachment', 'dispatch_record_attachments', 'map_record_attachments'),
        ('team_communication', 'dispatch_comment', 'map_team_communications'),
        ('message_template', 'dispatch_template', 'map_message_templates'),
    ]) }}

),

final as (

    select * from mappings

)

select * from final
