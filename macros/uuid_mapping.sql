{#- Body of a legacy-id -> UUID mapping model (materialized incremental, append-only,
    full_refresh: false). Every legacy id ever seen gets a random UUID once; rows are never
    updated or deleted, so a UUID never changes and is never reused, whatever happens to the
    legacy row later. An incremental run looks only at the ids the syncs inserted or updated
    since the model last succeeded (source_table), or at the rows its intermediate model wrote
    (source_table none: a derived entity such as a case). -#}
{% macro uuid_mapping(staging, key_column, source_table) %}
with

source_ids as (

    select candidates.{{ key_column }} as legacy_id
    from {{ staging }} as candidates
    {%- if is_incremental() and not is_full_run() %}
        {%- if source_table is none %}
    where {{ changed_since('candidates') }}
        {%- elif not table_recopied(source_table) %}
    where candidates.{{ key_column }} in (
        select changes.legacy_id from migration.legacy_changes as changes
        where changes.source_table = '{{ source_table }}' and changes.op in ('i', 'u')
            and changes.run_seq > {{ since_seq() }}
    )
        {%- endif %}
    {%- endif %}

),

new_ids as (

    select source_ids.legacy_id
    from source_ids
    {%- if is_incremental() %}
    where not exists (
        select from {{ this }} as existing
        where existing.legacy_id = source_ids.legacy_id
    )
    {%- endif %}

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
