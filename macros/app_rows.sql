{#- The application's rows (README, "The application's rows"). After cutover the application
    writes into the marts: a row it creates has no legacy key (legacy_id NULL; case_messages'
    legacy_table too) and takes its id from the column default, gen_random_uuid(). The ledger
    tests ignore such rows, the sync never deletes them (mart_sync deletes only rows whose legacy
    key leaves the mart), and the report counts them per mart (migration.created_in_app).

    A mart accepts them when its contract leaves its legacy key nullable: every mart but profiles
    (a profile's id is its auth user's) and the derived cases and order_cases (computed from the
    legacy instruction chains). config.meta.migration_rows names, in SQL, the rows without a legacy
    key that the migration writes itself (the "unknown / legacy" task type), which are not the
    application's. -#}

{#- The mart's legacy key columns: each feed's mart_key (default legacy_id), and legacy_table for a
    mart fed by several tables; a feed merged into another's rows (a user's settings) adds none. -#}
{% macro legacy_key_columns(node) %}
    {%- set keys = [] -%}
    {%- for feed in (node.config.meta or {}).get('legacy', []) if not feed.get('merged') -%}
        {%- set key = feed.get('mart_key', 'legacy_id') -%}
        {%- if key not in keys -%}{%- do keys.append(key) -%}{%- endif -%}
        {%- if feed.get('legacy_table') and 'legacy_table' not in keys -%}{%- do keys.append('legacy_table') -%}{%- endif -%}
    {%- endfor -%}
    {{ return(keys) }}
{% endmacro %}

{#- The mart accepts rows the application creates: it has a legacy key and its contract lets it be NULL. -#}
{% macro accepts_app_rows(node) %}
    {%- set keys = legacy_key_columns(node) -%}
    {{ return(keys | length > 0 and keys[0] in node.columns and not column_required(node, keys[0])) }}
{% endmacro %}

{#- SQL that is true for a row the application created (unqualified column names). -#}
{% macro app_rows_condition(node) %}
    {%- set conditions = [] -%}
    {%- for key in legacy_key_columns(node) -%}{%- do conditions.append(key ~ ' is null') -%}{%- endfor -%}
    {%- if (node.config.meta or {}).get('migration_rows') -%}
        {%- do conditions.append('not (' ~ node.config.meta.migration_rows ~ ')') -%}
    {%- endif -%}
    {{ return(conditions | join(' and ') if conditions else 'false') }}
{% endmacro %}

{#- The report's view of the application's rows: per mart that accepts them, how many it holds. -#}
{% macro created_in_app_sql() %}
    {%- set parts = [] -%}
    {%- for node in graph.nodes.values() | sort(attribute='name')
        if node.resource_type == 'model' and node.schema == 'public' and accepts_app_rows(node) -%}
        {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
        {%- if relation is not none -%}
            {%- do parts.append(
                "select '" ~ node.alias ~ "'::text as mart, count(*)::bigint as app_rows from " ~ relation
                ~ " where " ~ app_rows_condition(node)
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not parts -%}
        {%- do parts.append("select null::text as mart, null::bigint as app_rows where false") -%}
    {%- endif -%}
    {{ return(parts | join('\nunion all\n')) }}
{% endmacro %}
