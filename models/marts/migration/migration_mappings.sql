-- Every legacy id -> UUID assignment, by entity type. A rejected row keeps its reserved UUID
-- (migrated = false) so that it gets the same one if it is fixed and migrated later.
{{ config(materialized='view') }}

with

ledger as (

    select
        source_table,
        legacy_id,
        disposition
    from {{ ref('row_ledger') }}

),

mappings as (

    {%- for entity_type, source_table, mapping in [
        ('office', 'dispatch_office', 'map_offices'),
        ('profile', 'auth_user', 'map_profiles'),
        ('doctor', 'dispatch_office_doctors', 'map_doctors'),
        ('patient', 'dispatch_patient', 'map_patients'),
        ('order', 'dispatch_instruction', 'map_orders'),
    ] %}
        select
            '{{ entity_type }}' as entity_type,
            '{{ source_table }}' as source_table,
            legacy_id,
            id as new_id
        from {{ ref(mapping) }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

final as (

    select
        mappings.entity_type,
        mappings.legacy_id,
        mappings.new_id,
        coalesce(ledger.disposition = 'migrated', false) as migrated
    from mappings
    left join ledger
        on mappings.source_table = ledger.source_table and mappings.legacy_id = ledger.legacy_id

)

select * from final
