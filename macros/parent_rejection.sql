{#- The reject_reason and reject_detail columns of a child whose one parent decides its fate:
    missing_reason when the parent row does not exist (the parent's model, LEFT JOINed as
    `parent`, has no row, or only the tombstone of a row deleted from the legacy database),
    rejected_reason when the parent was not migrated (rejected or excluded; the detail carries
    the parent's own reason); NULL otherwise. -#}
{% macro parent_rejection(parent, parent_key, child_fk, noun, missing_reason, rejected_reason) %}
        case
            when {{ parent_missing(parent, parent_key) }} then '{{ missing_reason }}'
            when {{ parent }}.disposition <> 'migrated' then '{{ rejected_reason }}'
        end as reject_reason,
        case
            when {{ parent_missing(parent, parent_key) }}
                then '{{ noun }} ' || {{ child_fk }} || ' does not exist'
            when {{ parent }}.disposition <> 'migrated'
                then '{{ noun }} ' || {{ child_fk }} || ' was ' || {{ parent }}.disposition
                    || ' (' || {{ parent }}.reject_reason || ')'
        end as reject_detail
{%- endmacro %}

{#- The LEFT JOINed parent row is absent: never there, or deleted from the legacy database. -#}
{% macro parent_missing(parent, parent_key) -%}
    ({{ parent }}.{{ parent_key }} is null or {{ parent }}.disposition = 'deleted')
{%- endmacro %}

{#- A nullable reference is kept only when its parent migrates; otherwise it is unset and the
    repair recorded (is_unset). -#}
{% macro kept_reference(parent, child_fk) -%}
    case when {{ parent }}.disposition = 'migrated' then {{ child_fk }} end
{%- endmacro %}

{% macro is_unset(parent, child_fk) -%}
    ({{ child_fk }} is not null and {{ parent }}.disposition is distinct from 'migrated')
{%- endmacro %}
