{#- The key of the model's rows: one or more columns, never NULL, unique together. One scan and
    one aggregate (the key groups, and the groups with a NULL or more than one row fail): the
    project's equivalent of unique + not_null, for single and composite keys. -#}
{% test primary_key(model, columns) %}
{%- set columns = [columns] if columns is string else columns -%}
select
    {{ columns | join(', ') }},
    count(*) as n_rows
from {{ model }}
group by {{ columns | join(', ') }}
having
    count(*) > 1
    {%- for column in columns %}
    or {{ column }} is null
    {%- endfor %}
{% endtest %}
