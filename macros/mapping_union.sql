{#- The UUID mappings of a domain as (entity_type, source_table, legacy_id, new_id): a union over
    its map_<entity> models, given as (entity_type, legacy table, mapping model) triples. -#}
{% macro mapping_union(entities) %}
    {%- for entity_type, source_table, mapping in entities %}
        select
            '{{ entity_type }}'::text as entity_type,
            '{{ source_table }}'::text as source_table,
            legacy_id,
            id as new_id
        from {{ ref(mapping) }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{% endmacro %}
