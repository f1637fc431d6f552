"""The coverage guard: the manifest and the live legacy database must list the same tables."""

import csv

from runner.project import MANIFEST
from tests.support import query, run_cli


def test_manifest_lists_all_63_legacy_tables_once():
    with MANIFEST.open(newline="") as handle:
        tables = [row["source_table"] for row in csv.DictReader(handle)]
    assert len(tables) == len(set(tables)) == 63


def test_coverage_command_agrees_with_the_legacy_database(built):
    result = run_cli("coverage")
    assert result.returncode == 0, result.stderr
    assert "dispatch_instruction" in result.stdout
    assert "not listed" not in result.stdout


def test_an_unlisted_legacy_table_stops_the_sync_with_the_coverage_message(built):
    query(built.legacy_url, "create table public.dispatch_newfeature (id serial primary key, note text not null)")
    try:
        coverage = run_cli("coverage")
        assert coverage.returncode == 1
        assert "dispatch_newfeature" in coverage.stdout and "not listed" in coverage.stdout
        for command in ("attach", "build"):
            refused = run_cli(command)
            assert refused.returncode == 2, refused.stdout[-2000:]
            assert len(refused.stderr.strip().splitlines()) == 1
            assert "dispatch_newfeature" in refused.stderr
            assert "seeds/legacy_coverage.csv" in refused.stderr
        report = run_cli("report")
        assert report.returncode == 1 and "status: failed" in report.stdout
    finally:
        query(built.legacy_url, "drop table if exists public.dispatch_newfeature")
    restored = run_cli("build")
    assert restored.returncode == 0, restored.stdout[-2000:]


def test_an_added_legacy_column_is_named_by_coverage_with_its_fix(built):
    """Issue 19 item 4: a column the sources YAML does not declare is a coverage problem (exit 1),
    named with its type on its table's line, and the sentence says where to declare it."""
    query(built.legacy_url, "alter table dispatch_patient add column extra text")
    try:
        coverage = run_cli("coverage")
    finally:
        query(built.legacy_url, "alter table dispatch_patient drop column if exists extra")
    assert coverage.returncode == 1, coverage.stdout[-2000:] + coverage.stderr[-2000:]
    (line,) = [line for line in coverage.stdout.splitlines() if line.startswith("dispatch_patient ")]
    assert line.endswith("unexpected column extra (text)"), line
    assert "dispatch_patient" in coverage.stderr
    assert "models/staging/legacy/_legacy__sources.yml" in coverage.stderr
    assert "seeds/legacy_coverage.csv" not in coverage.stderr
    assert run_cli("coverage").returncode == 0
