{#- The two incremental strategies of the project (see docs/sync.md).

    tracked_merge (intermediate models): merge the recomputed rows; a row is written only when it
    differs, and then keeps the run of its last content change in _changed_seq and of its last
    classification change (the columns of config class_columns) in _class_seq. An id the legacy
    database lost becomes a tombstone: disposition 'deleted', reason 'deleted_in_legacy', and the
    columns of config tombstone_clears set to NULL (references other models follow without
    looking at the disposition, such as a profile's resolved_user_id).

    mart_sync (marts): delete the rows whose classification no longer puts them in this mart, then
    merge the changed rows, writing only what differs. A row without a legacy key is one the
    application created (macros/app_rows.sql): it is never deleted, and never merged (the merge
    matches on the mapping's UUIDs). -#}

{% macro _columns(alias, columns) -%}
    ({%- for column in columns -%}{{ alias }}.{{ adapter.quote(column) }}{{ ", " if not loop.last }}{%- endfor -%})
{%- endmacro %}

{#- Merge on key: a matched row is written only when one of the compared columns differs, and then
    gets the written columns (and extra_set); an unmatched row is inserted with every column. -#}
{% macro _merge(target, source, key, compared, written, inserted, extra_set='') -%}
    merge into {{ target }} as t
    using {{ source }} as s on t.{{ key }} = s.{{ key }}
    when matched and {{ _columns('t', compared) }} is distinct from {{ _columns('s', compared) }} then update set
        {%- for column in written %}
        {{ adapter.quote(column) }} = s.{{ adapter.quote(column) }}{{ "," if not loop.last or extra_set }}
        {%- endfor %}
        {{ extra_set }}
    when not matched then insert (
        {%- for column in inserted -%}{{ adapter.quote(column) }}{{ ", " if not loop.last }}{%- endfor -%}
    ) values {{ _columns('s', inserted) }}
{%- endmacro %}

{% macro get_incremental_tracked_merge_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set key = arg_dict['unique_key'] -%}
    {%- set markers = ['_changed_seq', '_class_seq'] -%}
    {%- set all_columns = arg_dict['dest_columns'] | map(attribute='name') | list -%}
    {%- set columns = all_columns | reject('in', markers) | list -%}
    {%- set class_columns = config.get('class_columns')
        or (['disposition', 'reject_reason'] if 'disposition' in columns else columns) -%}
    {%- set ledger = (config.get('meta') or {}).get('ledger') or {} -%}
    {%- set seq = run_seq() -%}
    {{ _merge(target, source, key, columns, columns + ['_changed_seq'], all_columns,
        '_class_seq = case when ' ~ _columns('t', class_columns) ~ ' is distinct from ' ~ _columns('s', class_columns)
        ~ ' then s._class_seq else t._class_seq end') }};

    {%- if 'disposition' in columns %}
    update {{ target }} as t
    set
        disposition = 'deleted',
        reject_reason = {{ "'deleted_in_legacy'" if ledger.get('source_table') else "'no_longer_derived'" }},
        reject_detail = {{ "'deleted from the legacy database; seen by run " ~ seq ~ "'"
            if ledger.get('source_table') else "'no longer derived from the legacy rows (run " ~ seq ~ ")'" }},
        repairs = array[]::text[],
        {%- for column in config.get('tombstone_clears') or [] %}
        {{ column }} = null,
        {%- endfor %}
        _changed_seq = {{ seq }},
        _class_seq = {{ seq }}
    where
        t.disposition is distinct from 'deleted'
        and not exists (select from {{ source }} as s where s.{{ key }} = t.{{ key }})
        {%- if config.get('recompute') != 'all' and not (is_full_run() or table_recopied(ledger['source_table'])) %}
        and t.{{ key }} in (
            select changes.legacy_id from migration.legacy_changes as changes
            where changes.source_table = '{{ ledger.get('source_table') }}' and changes.op = 'd'
                and changes.run_seq > {{ since_seq() }}
        )
        {%- endif %}
    {%- endif %}
{% endmacro %}

{#- The condition under which a mart row leaves the mart: config meta.legacy lists, per legacy
    table feeding the mart, its intermediate model (resolved), key, and for a mart fed by several
    tables the mart's legacy_table value. The intermediate model's meta.ledger says where its rows
    go: target (a constant) or target_column. -#}
{% macro _leaving(mart) -%}
    {%- set full = is_full_run() -%}
    {%- set since = since_seq() -%}
    {%- set clauses = [] -%}
    {%- for feed in (config.get('meta') or {}).get('legacy', []) -%}
        {%- set node = model_node(feed['resolved']) -%}
        {%- set resolved = model_relation(node) -%}
        {%- set ledger = node.config.meta.get('ledger', {}) -%}
        {%- if ledger.get('target_column') -%}
            {%- set staying = "r.disposition = 'migrated' and r." ~ ledger['target_column'] ~ " = '" ~ mart ~ "'" -%}
        {%- else -%}
            {%- set staying = "r.disposition = 'migrated'" -%}
        {%- endif -%}
        {%- set mart_key = 't.' ~ feed.get('mart_key', 'legacy_id') -%}
        {%- set own = "t.legacy_table = '" ~ feed['legacy_table'] ~ "' and " if feed.get('legacy_table') else "" -%}
        {%- set absent = "not exists (select from " ~ resolved ~ " as r where r." ~ feed['key'] ~ " = " ~ mart_key
            ~ " and " ~ staying ~ ")" -%}
        {%- if feed.get('merged') -%}
            {#- a table merged into another one's rows (a user's settings) never removes a row -#}
        {%- elif full -%}
            {%- do clauses.append("(" ~ own ~ mart_key ~ " is not null and " ~ absent ~ ")") -%}
        {%- else -%}
            {#- explicit: the application's rows (NULL key) are never deleted -#}
            {%- do clauses.append("(" ~ own ~ mart_key ~ " is not null and " ~ mart_key ~ " in (select r." ~ feed['key']
                ~ " from " ~ resolved ~ " as r where r._changed_seq > " ~ since ~ " and not (" ~ staying ~ ")))") -%}
            {%- if restore_drift() -%}
                {#- a row another writer put in, for a legacy id this mart does not migrate -#}
                {%- do clauses.append("(" ~ own ~ mart_key ~ " in (" ~ target_drift_keys_sql(this) ~ ") and " ~ absent ~ ")") -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ clauses | join(' or ') if clauses else 'false' }}
{%- endmacro %}

{% macro get_incremental_mart_sync_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    delete from {{ target }} as t where {{ _leaving(target.identifier) }};
    {%- set columns = arg_dict['dest_columns'] | map(attribute='name') | list -%}
    {{ _merge(target, arg_dict['temp_relation'], arg_dict['unique_key'], columns, columns, columns) }};
    {#- the drift this run wrote over: every row in a full run, the rows it merged, all with restore -#}
    update migration.target_writes as w set restored_by_run = {{ run_seq() }}
    where w.relation = '{{ relation_name(target) }}' and w.restored_by_run is null and w.legacy_id is not null
        {%- if not (is_full_run() or restore_drift()) %}
        and w.legacy_id in (select s.{{ mart_legacy_key(config.get('meta')) }} from {{ arg_dict['temp_relation'] }} as s)
        {%- endif %}
{% endmacro %}

{#- The column of a mart that holds the legacy id of its rows: the mart_key of the first feed of
    meta.legacy that is not merged into another's rows (default legacy_id). -#}
{% macro mart_legacy_key(meta) %}
    {%- set feeds = (meta or {}).get('legacy', []) | rejectattr('merged') | list -%}
    {{ return(feeds[0].get('mart_key', 'legacy_id') if feeds else 'legacy_id') }}
{% endmacro %}

{#- Whether this run puts the migration's values back over the target's drift (var
    on_target_drift: restore, or the run's restore_drift: `runner build --restore-drift`; the
    default, fail, leaves it and no_target_drift fails naming it). -#}
{% macro restore_drift() %}
    {%- set policy = var('on_target_drift', 'fail') -%}
    {%- if policy not in ('fail', 'restore') -%}
        {{ exceptions.raise_compiler_error("var on_target_drift is " ~ policy ~ "; it takes fail or restore.") }}
    {%- endif -%}
    {{ return(policy == 'restore' or current_run().restore_drift) }}
{% endmacro %}

{#- The legacy ids of a mart's rows that another writer changed and the migration has not put back. -#}
{% macro target_drift_keys_sql(mart) -%}
    select w.legacy_id from migration.target_writes as w
    where w.relation = '{{ relation_name(mart) }}' and w.restored_by_run is null and w.legacy_id is not null
{%- endmacro %}

{#- Pre-hook of the marts, with on_target_drift: restore: the intermediate rows of the mart's
    drifted rows count as changed, so the merge writes the migration's values over the drift. -#}
{% macro restore_target_drift() %}
    {%- if not execute or not restore_drift() -%}{{ return('') }}{%- endif -%}
    {%- set statements = [] -%}
    {%- for feed in (model.config.meta or {}).get('legacy', []) if not feed.get('merged') -%}
        {%- do statements.append("update " ~ model_relation(feed.resolved) ~ " set _changed_seq = " ~ run_seq()
            ~ " where " ~ feed.key ~ " in (" ~ target_drift_keys_sql(this)
            ~ (" and w.legacy_table = '" ~ feed.legacy_table ~ "'" if feed.get('legacy_table') else "") ~ ")") -%}
    {%- endfor -%}
    {{ statements | join(';\n') }}
{% endmacro %}
