{#- The watermark of a large incremental mart: on an incremental run, the latest updated_at
    already merged minus a look-back day (transactions commit out of order); on the first run and
    with --full-compare (var full_compare), -infinity, so that every row is merged. Used as
    `where <modified column> > {{ incremental_watermark() }}`. -#}
{% macro incremental_watermark(updated_column='updated_at', look_back="interval '1 day'") -%}
    {%- if is_incremental() and not var('full_compare') -%}
        (
            (select coalesce(max(existing.{{ updated_column }}), '-infinity'::timestamptz) from {{ this }} as existing)
            - {{ look_back }}
        )
    {%- else -%}
        '-infinity'::timestamptz
    {%- endif -%}
{%- endmacro %}
