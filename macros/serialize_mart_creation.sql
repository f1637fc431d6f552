{#- Pre-hook of the marts. Creating two marts at once deadlocks when both declare foreign keys
    to the same parents in different orders (each CREATE TABLE locks its parents one by one), so
    the first build creates marts one at a time: a transaction-scoped advisory lock, taken only
    when the table does not exist yet. Incremental merges are not serialised. -#}
{% macro serialize_mart_creation() %}
    {%- if not is_incremental() -%}
        select pg_advisory_xact_lock(hashtext('legacy_migration.mart_creation'))
    {%- endif -%}
{% endmacro %}
