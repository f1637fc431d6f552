{#- Body of a legacy-id -> UUID mapping model (materialized incremental, append-only,
    full_refresh: false). Every legacy id ever seen gets a random UUID once; rows are never
    updated or deleted, so a UUID never changes and is never reused. -#}
{% macro uuid_mapping(source_model, key_column) %}
with

source_ids as (

    select {{ key_column }} as legacy_id
    from {{ source_model }}

),

new_ids as (

    select source_ids.legacy_id
    from source_ids
    {% if is_incremental() %}
        where not exists (
            select from {{ this }} as existing
            where existing.legacy_id = source_ids.legacy_id
        )
    {% endif %}

),

final as (

    select
        new_ids.legacy_id::bigint as legacy_id,
        gen_random_uuid() as id,
        clock_timestamp() as mapped_at
    from new_ids

)

select * from final
{% endmacro %}
