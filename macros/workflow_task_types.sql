{#- The "unknown / legacy" task type: the target requires a task type, legacy tasks from before
    2016 have none (legacy README, "Nullable columns the target requires"). It is not a legacy
    row, so it has no mapping: its UUID is fixed here and never changes. -#}
{% macro unknown_task_type_id() -%}
    '584d96a9-ac38-4270-9340-42855e711bd6'::uuid
{%- endmacro %}

{% macro unknown_task_type_code() -%}
    'unknown_legacy'
{%- endmacro %}
