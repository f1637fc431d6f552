-- The legacy id -> UUID mappings of the core domain.
with

mappings as (

    {%- for entity_type, source_table, mapping in [
        ('office', 'dispatch_office', 'map_offices'),
        ('profile', 'auth_user', 'map_profiles'),
        ('doctor', 'dispatch_office_doctors', 'map_doctors'),
        ('patient', 'dispatch_patient', 'map_patients'),
        ('order', 'dispatch_instruction', 'map_orders'),
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
