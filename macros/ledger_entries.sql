{#- The ledger rows of one source table, from an intermediate model that classifies every legacy
    row (columns: disposition, reject_reason, reject_detail, repairs). -#}
{% macro ledger_entries(relation, source_table, key_column, target_table, where=none) %}
    select
        '{{ source_table }}'::text as source_table,
        {{ key_column }}::bigint as legacy_id,
        disposition::text as disposition,
        reject_reason::text as reason_code,
        reject_detail::text as detail,
        '{{ target_table }}'::text as target_table,
        repairs::text [] as repairs
    from {{ relation }}
    {% if where %}where {{ where }}{% endif %}
{% endmacro %}
