-- The legacy id -> UUID mappings of the clinical domain.
with

mappings as (

    {{ mapping_union([
        ('patient_event', 'dispatch_milestone', 'map_patient_events'),
        ('tag', 'dispatch_tag', 'map_tags'),
        ('patient_tag', 'dispatch_patient_tags', 'map_patient_tags'),
    ]) }}

),

final as (

    select * from mappings

)

select * from final
