{#- The UUID of an order's case link (order_cases.id), derived from the order's UUID: stable
    for as long as the order's UUID is (forever); a different UUID from the order's own. -#}
{% macro order_case_id(order_uuid) -%}
    md5('order_case:' || {{ order_uuid }}::text)::uuid
{%- endmacro %}
