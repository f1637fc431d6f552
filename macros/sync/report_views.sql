{#- The report views of schema migration, derived at the end of every run from each intermediate
    model's meta.ledger (source_table, key, entity, target or target_column, mapping): adding a
    legacy table touches only its own files. Relations a failed first build has not created yet
    are left out, so their legacy rows show as unexplained until they exist. -#}

{% macro ledger_nodes() %}
    {%- set found = [] -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and (node.config.meta or {}).get('ledger') -%}
        {%- do found.append(node) -%}
    {%- endfor -%}
    {{ return(found | sort(attribute='name')) }}
{% endmacro %}

{% macro row_ledger_sql() %}
    {%- set branches = [] -%}
    {%- for node in ledger_nodes() -%}
        {%- set ledger = node.config.meta.ledger -%}
        {%- set resolved = existing_relation(node.name) -%}
        {%- set mapping = existing_relation(ledger.mapping) -%}
        {%- if resolved is not none and mapping is not none -%}
            {%- if ledger.get('target_column') -%}
                {%- set target = "coalesce(r." ~ ledger.target_column ~ ", '" ~ ledger.target ~ "')" -%}
            {%- else -%}
                {%- set target = "'" ~ ledger.target ~ "'" -%}
            {%- endif -%}
            {%- do branches.append(
                "select '" ~ ledger.source_table ~ "'::text as source_table, '" ~ ledger.entity ~ "'::text as entity_type, "
                ~ "r." ~ ledger.key ~ "::bigint as legacy_id, r.disposition::text as disposition, "
                ~ "r.reject_reason::text as reason_code, r.reject_detail::text as detail, "
                ~ target ~ "::text as target_table, r.repairs::text[] as repairs, m.id as new_id, "
                ~ ("false" if ledger.get('mapping_key') else "true") ~ " as own_uuid, "
                ~ "r._class_seq as changed_seq from " ~ resolved ~ " as r left join " ~ mapping
                ~ " as m on m.legacy_id = r." ~ ledger.get('mapping_key', ledger.key)
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not branches -%}
        {%- do branches.append(
            "select null::text as source_table, null::text as entity_type, null::bigint as legacy_id,"
            ~ " null::text as disposition, null::text as reason_code, null::text as detail, null::text as target_table,"
            ~ " null::text[] as repairs, null::uuid as new_id, null::boolean as own_uuid, null::bigint as changed_seq"
            ~ " where false"
        ) -%}
    {%- endif -%}
    {{ return(branches | join('\nunion all\n')) }}
{% endmacro %}

{#- The writes another writer made into the marts' migrated rows (migration.target_writes with a
    legacy id, of a mart of this project) and their state: restored by a run (on_target_drift:
    restore), kept (the no_target_drift tests fail), or pending (no sync has seen them yet). -#}
{% macro target_drift_sql() %}
    {%- set marts = [] -%}
    {%- for node in graph.nodes.values() | sort(attribute='name') if node.resource_type == 'model'
        and node.schema == 'public' and node.package_name == project_name -%}
        {%- do marts.append("'" ~ node.schema ~ "." ~ node.alias ~ "'") -%}
    {%- endfor -%}
    select w.write_seq, w.relation, w.legacy_id, w.op, w.written_by, w.written_at, w.seen_by_run, w.restored_by_run,
        case
            when w.restored_by_run is not null then 'restored by run ' || w.restored_by_run
            when w.seen_by_run is null then 'pending'
            else 'kept, the tests fail'
        end as state
    from migration.target_writes as w
    where w.legacy_id is not null and w.relation in ({{ marts | join(', ') if marts else "''" }})
{% endmacro %}

{% macro create_report_views() %}
    drop view if exists migration.migration_mappings, migration.rejects, migration.repairs,
        migration.deletions, migration.reconciliation, migration.row_ledger, migration.money_reconciliation,
        migration.created_in_app, migration.target_drift cascade;

    -- per legacy money column and currency: legacy total = migrated + not migrated, to the cent
    create view migration.money_reconciliation as
    {{ money_reconciliation_sql() }};

    -- one entry per legacy row ever seen: migrated, rejected, excluded, or deleted in legacy
    create view migration.row_ledger as
    {{ row_ledger_sql() }};

    create view migration.reconciliation as
    with
    ledger as (
        select
            source_table,
            count(*) filter (where disposition = 'migrated') as migrated_rows,
            count(*) filter (where disposition = 'rejected') as rejected_rows,
            count(*) filter (where disposition = 'excluded') as excluded_rows,
            count(*) filter (where disposition = 'deleted') as deleted_rows
        from migration.row_ledger
        group by source_table
    ),
    reasons as (
        select source_table, jsonb_object_agg(reason_code, rows_rejected order by reason_code) as rejects_by_reason
        from (
            select source_table, reason_code, count(*) as rows_rejected
            from migration.row_ledger
            where disposition = 'rejected'
            group by source_table, reason_code
        ) as per_reason
        group by source_table
    ),
    joined as (
        select
            coverage.source_table,
            coverage.domain,
            coverage.disposition,
            coverage.reason,
            string_to_array(coverage.targets, '|') as targets,
            coalesce(counts.legacy_rows, 0) as source_rows,
            coalesce(ledger.migrated_rows, 0) as migrated_rows,
            coalesce(ledger.rejected_rows, 0) as rejected_rows,
            case
                when coverage.disposition = 'excluded' then coalesce(counts.legacy_rows, 0)
                else coalesce(ledger.excluded_rows, 0)
            end as excluded_rows,
            coalesce(ledger.deleted_rows, 0) as deleted_rows,
            coalesce(reasons.rejects_by_reason, '{}'::jsonb) as rejects_by_reason
        from migration.legacy_coverage as coverage
        -- the legacy server's own count, read in the latest snapshot's transaction
        left join (
            select distinct on (source_table) source_table, legacy_rows
            from migration.run_tables
            where legacy_rows is not null
            order by source_table, run_seq desc
        ) as counts on coverage.source_table = counts.source_table
        left join ledger on coverage.source_table = ledger.source_table
        left join reasons on coverage.source_table = reasons.source_table
    )
    select
        *,
        case
            when disposition = 'not_yet_covered' then 0
            else source_rows - migrated_rows - rejected_rows - excluded_rows
        end as unexplained_rows
    from joined;

    -- every legacy id -> UUID assignment; a rejected or deleted row keeps its UUID reserved (a table
    -- merged into another's rows, such as a user's settings, has no UUID of its own)
    create view migration.migration_mappings as
    select entity_type, source_table, legacy_id, new_id, disposition = 'migrated' as migrated
    from migration.row_ledger
    where own_uuid;

    create view migration.rejects as
    select source_table, legacy_id, reason_code, detail, target_table, new_id
    from migration.row_ledger
    where disposition = 'rejected';

    -- a repair applied to a migrated row (a derived office, a masked card number, ...)
    create view migration.repairs as
    select ledger.source_table, ledger.legacy_id, repair.repair_code, ledger.target_table
    from migration.row_ledger as ledger
    cross join lateral unnest(ledger.repairs) as repair (repair_code)
    where ledger.disposition = 'migrated';

    -- legacy rows deleted after they were seen, with the run that saw it; their UUIDs stay reserved
    create view migration.deletions as
    select ledger.source_table, ledger.legacy_id, ledger.new_id, ledger.target_table, ledger.changed_seq as run_seq,
        runs.started_at as seen_at
    from migration.row_ledger as ledger
    left join migration.runs as runs on ledger.changed_seq = runs.run_seq
    where ledger.disposition = 'deleted';

    -- per mart: the rows the application created (no legacy key), which the ledger does not count
    create view migration.created_in_app as
    {{ created_in_app_sql() }};

    -- per write behind the migration's back into a mart's migrated row: what became of it
    create view migration.target_drift as
    {{ target_drift_sql() }};

    revoke all on all tables in schema migration from public;
{% endmacro %}
