"""What holds legacy values (the foreign tables, the snapshot, staging, intermediate, bookkeeping)
is readable by the migration's own role only: checked as another role, as an application would."""

import psycopg
import pytest

from tests.support import query

PRIVATE = [
    "legacy.dispatch_operation",
    "legacy.dispatch_apitoken",
    "legacy_snapshot.dispatch_operation",
    "legacy_snapshot.dispatch_patient",
    "staging.stg_legacy__dispatch_patient",
    "intermediate.int_patients__resolved",
    "migration.card_findings",
    "migration.row_ledger",
]


@pytest.fixture(scope="module")
def outsider(built):
    query(
        built.target_url,
        "do $$ begin if not exists (select from pg_roles where rolname = 'outsider') then "
        "create role outsider login; end if; end $$",
    )
    return built.target_url


@pytest.mark.parametrize("relation", PRIVATE)
def test_another_role_cannot_read_what_holds_legacy_values(outsider, relation):
    with psycopg.connect(outsider, autocommit=True) as conn:
        conn.execute("set role outsider")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"select * from {relation} limit 1")


def test_no_private_schema_is_granted_to_public(built):
    granted = query(
        built.target_url,
        """
        select nspname from pg_namespace
        where nspname in ('legacy', 'legacy_catalog', 'legacy_snapshot', 'staging', 'intermediate', 'migration')
          and has_schema_privilege('public', oid, 'usage')
        """,
    )
    assert granted == []
