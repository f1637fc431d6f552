"""The synthetic legacy database: all 63 tables, deterministic, every issue injected."""

import pytest

from runner.legacy.contract import contract_columns
from runner.legacy.generate import generate
from tests.support import create_database, query


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
    assert set(counts) == set(contract_columns())
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


def test_recorded_orphans_really_are_orphans(built):
    orphans = query(
        built.legacy_url,
        """
        select count(*) from synthetic.anomalies as a
        join public.dispatch_instruction as i on i.id = a.legacy_id
        where a.issue = 1 and exists (select from public.dispatch_patient as p where p.id = i.patient_id)
        """,
    )
    assert orphans == [(0,)]
    assert query(built.legacy_url, "select count(*) > 0 from synthetic.anomalies where issue = 1")[0][0]
