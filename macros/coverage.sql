{#- Coverage guard: the coverage manifest (seeds/legacy_coverage.csv) and the live legacy
    database must list the same tables. Fails the build with what to do. -#}
{% macro assert_coverage(live_tables, listed_tables) %}
    {%- set unlisted = live_tables | reject('in', listed_tables) | list -%}
    {%- set vanished = listed_tables | reject('in', live_tables) | list -%}
    {%- if unlisted -%}
        {{ exceptions.raise_compiler_error(
            "Coverage guard: the legacy database has table(s) " ~ unlisted | join(', ')
            ~ " that the coverage manifest seeds/legacy_coverage.csv does not list; add a row per table"
            ~ " with its disposition (migrated, merged or excluded), target(s) and reason, then rebuild."
        ) }}
    {%- endif -%}
    {%- if vanished -%}
        {{ exceptions.raise_compiler_error(
            "Coverage guard: the coverage manifest seeds/legacy_coverage.csv lists table(s) "
            ~ vanished | join(', ') ~ " that the legacy database does not have; check that --legacy-url"
            ~ " points at the right database, or remove the rows, then rebuild."
        ) }}
    {%- endif -%}
{% endmacro %}
