-- The legacy id -> UUID mappings of the clinical domain.
with

mappings as (

    {%- for entity_type, source_table, mapping in [
        ('patient_event', 'dispatch_milestone', 'map_patient_events'),
        ('tag', 'dispatch_tag', 'map_tags'),
        ('patient_tag', 'dispatch_patient_tags', 'map_patient_tags'),
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
