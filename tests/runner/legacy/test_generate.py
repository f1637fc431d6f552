"""The synthetic legacy database: all 63 tables, deterministic, every issue injected."""

import pytest

from runner.legacy.generate import generate
from tests.support import contract, create_database, query


def table_digests(url: str) -> dict[str, str]:
    """md5 of every legacy table's rows, in a stable order."""
    tables = [r[0] for r in query(url, "select tablename from pg_tables where schemaname = 'public'")]
    return {
        table: query(
            url, f"select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from public.{table} as t"
        )[0][0]
        for table in tables
    }


@pytest.fixture(scope="module")
def twin_databases(cluster):
    a, b, c = (create_database(name) for name in ("gen_twin_a", "gen_twin_b", "gen_other_seed"))
    generate(a, 0.01, 11)
    generate(b, 0.01, 11)
    generate(c, 0.01, 12)
    return a, b, c


def test_same_seed_and_scale_give_identical_data(twin_databases):
    a, b, _ = twin_databases
    digests_a = table_digests(a)
    assert len(digests_a) == 63
    assert digests_a == table_digests(b)


def test_another_seed_gives_other_data(twin_databases):
    a, _, c = twin_databases
    assert table_digests(a) != table_digests(c)


def test_all_63_tables_are_filled(built):
    counts = dict(query(built.legacy_url, "select table_name, n from synthetic.counts"))
    assert set(counts) == set(contract())
    empty = [t for t, n in counts.items() if n == 0]
    assert empty == ["dispatch_record_attachments"]  # 0 rows in production too


def test_counts_follow_production_proportions(built):
    rows = dict(query(built.legacy_url, "select table_name, n from synthetic.counts"))
    assert rows["dispatch_instruction"] == round(23272 * 0.01)
    assert rows["dispatch_notification"] == round(2039588 * 0.01)
    assert rows["dispatch_task"] == round(768962 * 0.01)


def test_every_issue_1_to_20_is_injected_and_recorded(built):
    issues = {r[0] for r in query(built.legacy_url, "select distinct issue from synthetic.anomalies")}
    assert issues == set(range(1, 21))  # 20: the shapes of real data (docs/synthetic-anomalies.md)


def test_recorded_orphans_really_are_orphans(twin_databases):
    """On a database as generated (the shared legacy one gains patients in other tests)."""
    generated, _, _ = twin_databases
    orphans = query(
        generated,
        """
        select count(*) from synthetic.anomalies as a
        join public.dispatch_instruction as i on i.id = a.legacy_id
        where a.issue = 1 and exists (select from public.dispatch_patient as p where p.id = i.patient_id)
        """,
    )
    assert orphans == [(0,)]
    assert query(generated, "select count(*) > 0 from synthetic.anomalies where issue = 1")[0][0]


def test_the_sources_yaml_declares_the_legacy_ddl_exactly(built):
    """The contract the sync, the schema guard and the docs read (the sources YAML) is the legacy
    DDL (runner/legacy/schema.sql, which the generator loads): every table, column, type and
    unique key, read back from the generated database's catalog."""
    live: dict[str, dict[str, str]] = {}
    for table, column, data_type in query(
        built.legacy_url,
        """
        select c.relname, a.attname, format_type(a.atttypid, a.atttypmod) from pg_class as c
        join pg_attribute as a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' order by c.relname, a.attnum
        """,
    ):
        live.setdefault(table, {})[column] = data_type
    uniques: dict[str, list[tuple[str, ...]]] = {}
    for table, columns in query(
        built.legacy_url,
        """
        select c.conrelid::regclass::text, array_agg(a.attname::text order by k.ord)
        from pg_constraint as c cross join lateral unnest(c.conkey) with ordinality as k (attnum, ord)
        join pg_attribute as a on a.attrelid = c.conrelid and a.attnum = k.attnum
        where c.contype = 'u' and c.connamespace = 'public'::regnamespace group by c.oid, c.conrelid order by 1, 2
        """,
    ):
        uniques.setdefault(table, []).append(tuple(columns))
    declared = contract()
    assert {t: list(d["columns"].items()) for t, d in declared.items()} == {t: list(c.items()) for t, c in live.items()}
    assert {t: sorted(d["unique_keys"]) for t, d in declared.items() if d["unique_keys"]} == {
        t: sorted(k) for t, k in uniques.items()
    }
    modified = {t for t, columns in live.items() if "modified" in columns}
    assert {t for t, d in declared.items() if d["modified"] == "modified"} == modified
