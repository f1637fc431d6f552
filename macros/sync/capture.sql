{#- Writes the migration did not make (docs/sync.md, "Writes behind the sync's back").

    Every relation of the data path (the snapshot tables, the mappings, the intermediate models
    and the marts) carries a row trigger that records in migration.target_writes each row another
    writer inserts, updates or deletes: an application, a person with psql, a script. The
    migration's own writes set migration.syncing for their transaction (the sync's snapshot, and
    the pre-hook of every model), so they are not recorded. The proofs check the rows written
    since they last passed, so a change made behind the sync's back fails the next sync's tests,
    naming table and id, whatever counts it leaves; for a mart the same rows are the target's
    drift, reported as changed_in_target. TRUNCATE is recorded too. A session that disables
    triggers (session_replication_role = replica) is not seen: `full_compare` checks every row. -#}

{#- The statements that give a relation its capture triggers (a no-op once they exist with these arguments). key: the
    column of the legacy id; uuid_column: the UUID column, or none. -#}
{% macro write_capture_statements(relation, key, uuid_column=none) %}
    {{ return(["do $capture$ begin"
        ~ " if not exists (select from pg_trigger where tgrelid = '" ~ relation ~ "'::regclass and tgname = 'legacy_migration_writes'"
        ~ " and pg_get_triggerdef(oid) like '%capture_write(''" ~ key ~ "'', ''" ~ (uuid_column or '') ~ "'')%') then"
        ~ " create or replace trigger legacy_migration_writes after insert or update or delete on " ~ relation ~ " for each row"
        ~ " when (coalesce(current_setting('migration.syncing', true), '') <> 'on')"
        ~ " execute function migration.capture_write('" ~ key ~ "', '" ~ (uuid_column or '') ~ "');"
        ~ " create or replace trigger legacy_migration_truncate after truncate on " ~ relation ~ " for each statement"
        ~ " when (coalesce(current_setting('migration.syncing', true), '') <> 'on')"
        ~ " execute function migration.capture_write('" ~ key ~ "', '');"
        ~ " end if; end $capture$"]) }}
{% endmacro %}

{#- Post-hook of the mappings, intermediate models and marts: their capture triggers. -#}
{% macro ensure_write_capture() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set key = mart_legacy_key(model.config.meta) if model.config.schema == 'public'
        else 'legacy_id' if model.config.materialized == 'incremental' and model.config.schema == 'migration'
        else config.get('unique_key') -%}
    {{ write_capture_statements(this.schema ~ '.' ~ this.identifier, key, 'id' if key == 'legacy_id' else none) | join(';\n') }}
{% endmacro %}

{#- A write of migration.target_writes (alias w) made after run `since`: seen by a later run, or
    by no sync yet (a plain `dbt test` right after the write must check it too). -#}
{% macro written_after(since) -%}
    coalesce(w.seen_by_run, 9223372036854775807) > {{ since }}
{%- endmacro %}

{#- The legacy ids of a relation that another writer changed after a run: the rows a proof checks
    again. relation: schema.table. -#}
{% macro written_keys_sql(relation, since) -%}
    select w.legacy_id from migration.target_writes as w
    where w.relation = '{{ relation }}' and {{ written_after(since) }} and w.legacy_id is not null
{%- endmacro %}

