{#- The reject_reason and reject_detail columns of a child whose one parent decides its fate:
    missing_reason when the parent row does not exist (the parent's model, LEFT JOINed as
    `parent`, has no row), rejected_reason when the parent was rejected (the detail carries the
    parent's own reason); NULL otherwise. -#}
{% macro parent_rejection(parent, parent_key, child_fk, noun, missing_reason, rejected_reason) %}
        case
            when {{ parent }}.{{ parent_key }} is null then '{{ missing_reason }}'
            when {{ parent }}.disposition = 'rejected' then '{{ rejected_reason }}'
        end as reject_reason,
        case
            when {{ parent }}.{{ parent_key }} is null
                then '{{ noun }} ' || {{ child_fk }} || ' does not exist'
            when {{ parent }}.disposition = 'rejected'
                then '{{ noun }} ' || {{ child_fk }} || ' was rejected (' || {{ parent }}.reject_reason || ')'
        end as reject_detail
{%- endmacro %}
