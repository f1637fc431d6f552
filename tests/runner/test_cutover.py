"""Cutover day (runner/cutover.py): the application's writes before it are drift with their ids and
the policy applied; a legacy write during the freeze window stops the cutover naming the table; a
cutover on a frozen legacy database records one row, after which a sync refuses unless told
otherwise; the rehearsal's projection comes from the run history. On the shared target: the module
leaves it synced, with no application row and no cutover recorded."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from runner.cutover import legacy_fingerprint, project
from tests.support import ROOT, query, run_cli


def report(tmp_path, name: str) -> dict:
    path = tmp_path / f"{name}.json"
    result = run_cli("report", "--json", str(path))
    assert path.is_file(), result.stdout[-2000:] + result.stderr[-2000:]
    return json.loads(path.read_text())


@pytest.fixture
def app_order(built):
    """An order the application created (no legacy id) for a migrated patient; removed after."""
    (order,) = query(
        built.target_url,
        """
        insert into orders (number, patient_id, office_id, created_by_id, kind, status, arch, priority,
            ipr_allowed, attachments_allowed, is_deleted)
        select 'APP-CUTOVER', p.id, p.office_id, null, 'new_treatment', 'draft', 'both', 'normal', true, true, false
        from patients as p where p.office_id is not null order by p.legacy_id limit 1
        returning id
        """,
    )[0]
    yield order
    query(built.target_url, "delete from orders where id = %s", [order])


def test_an_app_edit_and_an_app_insert_before_cutover_are_drift_with_their_ids_and_the_policy(
    built, app_order, tmp_path
):
    target = built.target_url
    legacy_id, first_name = query(
        target, "select legacy_id, first_name from patients where first_name is not null order by legacy_id limit 1"
    )[0]
    query(target, "update patients set first_name = 'Edited in the app' where legacy_id = %s", [legacy_id])
    # policy fail (the default): the sync keeps the edit, its no_target_drift test fails naming the id
    failed = run_cli("build")
    assert failed.returncode == 1, failed.stdout[-3000:] + failed.stderr[-2000:]
    assert "no_target_drift_patients_" in failed.stdout
    kept = report(tmp_path, "kept")
    drift = kept["changed_in_target"]
    assert drift["policy"] == "fail"
    patients = [t for t in drift["tables"] if t["relation"] == "public.patients"]
    assert len(patients) == 1 and patients[0]["rows"] == 1 and patients[0]["restored"] == 0, drift
    assert [(w["legacy_id"], w["op"], w["state"]) for w in patients[0]["samples"]] == [
        (legacy_id, "update", "kept, the tests fail")
    ]
    assert all(t["relation"] != "public.orders" for t in drift["tables"])  # the app's own row is not drift
    assert kept["created_in_app"].get("orders") == 1
    assert query(target, "select first_name from patients where legacy_id = %s", [legacy_id]) == [
        ("Edited in the app",)
    ]
    # policy restore: the migration's value is written back, the edit stays in migration.target_writes
    restored = run_cli("build", "--restore-drift")
    assert restored.returncode == 0, restored.stdout[-3000:] + restored.stderr[-2000:]
    assert query(target, "select first_name from patients where legacy_id = %s", [legacy_id]) == [(first_name,)]
    after = report(tmp_path, "restored")
    drift = after["changed_in_target"]
    assert drift["policy"] == "restore"
    patients = [t for t in drift["tables"] if t["relation"] == "public.patients"]
    assert patients and patients[0]["restored"] == patients[0]["rows"] == 1, drift
    assert patients[0]["samples"][0]["state"] == f"restored by run {after['run']['run_seq']}"
    assert (
        "Edited in the app"
        in query(
            target,
            "select new_values from migration.target_writes where relation = 'public.patients' and legacy_id = %s "
            "order by write_seq desc limit 1",
            [legacy_id],
        )[0][0]
    )
    assert after["status"] == "ok" and after["created_in_app"].get("orders") == 1
    assert "changed in the target behind the migration (policy: restore)" in run_cli("report").stdout


def test_the_fingerprint_sees_a_write_that_changes_no_value(built):
    before = legacy_fingerprint(built.legacy_url)
    assert len(before) >= 53 and all(rows >= 0 for rows, _, _ in before.values())
    assert legacy_fingerprint(built.legacy_url) == before
    query(built.legacy_url, "update dispatch_tag set name = name where id = (select min(id) from dispatch_tag)")
    after = legacy_fingerprint(built.legacy_url)
    assert [t for t in before if before[t] != after[t]] == ["dispatch_tag"]


def test_a_legacy_write_during_the_freeze_window_stops_the_cutover_naming_the_table(built):
    command = [sys.executable, "-m", "runner", "cutover", "--freeze-seconds", "6"]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        time.sleep(3)
        query(
            built.legacy_url, "update dispatch_office set name = name where id = (select min(id) from dispatch_office)"
        )
        stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 1, stdout[-2000:] + stderr[-2000:]
    assert stderr.startswith(
        "error: The legacy database is not frozen: dispatch_office changed during the 6-second freeze window;"
    ), stderr
    assert query(built.target_url, "select count(*) from migration.cutovers") == [(0,)]


@pytest.fixture(scope="module")
def cut_over(built):
    """A cutover on the frozen legacy database; undone (its row deleted) when the module is done."""
    runs = query(built.target_url, "select coalesce(max(run_seq), 0) from migration.runs")[0][0]
    result = run_cli("cutover", "--freeze-seconds", "1")
    try:
        yield result, runs
    finally:
        query(built.target_url, "delete from migration.cutovers")


def test_a_cutover_on_a_frozen_legacy_records_one_row_with_the_ledger(built, cut_over):
    result, runs_before = cut_over
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    rows = query(
        built.target_url,
        "select c.run_seq, c.run_id = r.run_id, r.full_compare, r.status, c.freeze_seconds, c.ledger, c.legacy_tables "
        "from migration.cutovers as c join migration.runs as r using (run_seq)",
    )
    assert len(rows) == 1
    run_seq, same_run, full_compare, status, freeze, ledger, tables = rows[0]
    assert run_seq > runs_before and same_run and full_compare and status == "ok" and freeze == 1
    live = query(built.target_url, "select sum(legacy_rows) from migration.run_tables where run_seq = %s", [run_seq])
    assert ledger["source_rows"] == live[0][0] > 0 and ledger["unexplained_rows"] == 0
    assert ledger["source_rows"] == ledger["migrated_rows"] + ledger["rejected_rows"] + ledger["excluded_rows"]
    assert set(tables) == set(legacy_fingerprint(built.legacy_url)) and tables == legacy_fingerprint(built.legacy_url)
    assert f"cutover: run {run_seq} verified" in result.stdout
    again = run_cli("cutover", "--freeze-seconds", "0")
    assert again.returncode == 2 and again.stderr.startswith("error: This target was already cut over on ")


def test_after_a_cutover_a_sync_refuses_in_one_sentence_unless_told_otherwise(built, cut_over, tmp_path):
    runs = query(built.target_url, "select count(*) from migration.runs")[0][0]
    refused = run_cli("build")
    assert refused.returncode == 2, refused.stdout[-2000:] + refused.stderr[-2000:]
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: This target was cut over to the application on "), lines
    assert "python -m runner build --after-cutover" in lines[0]
    assert query(built.target_url, "select count(*) from migration.runs")[0][0] == runs  # nothing started
    # the override, with a row the application created after the cutover: the ledger still balances
    (order,) = query(
        built.target_url,
        "insert into orders (number, patient_id, office_id, kind, status, arch, priority, ipr_allowed, "
        "attachments_allowed, is_deleted) select 'APP-AFTER', id, office_id, 'new_treatment', 'draft', 'both', "
        "'normal', true, true, false from patients where office_id is not null order by legacy_id limit 1 "
        "returning id",
    )[0]
    try:
        synced = run_cli("dbt", "build", "--select", "orders", "--vars", "{after_cutover: true}")
        assert synced.returncode == 0, synced.stdout[-3000:] + synced.stderr[-2000:]
        after = report(tmp_path, "after")
        assert after["status"] == "ok" and after["created_in_app"].get("orders") == 1
        assert sum(t["unexplained_rows"] for t in after["tables"]) == 0
    finally:
        query(built.target_url, "delete from orders where id = %s", [order])


def test_the_rehearsal_projection_adds_the_history_rate_of_each_table(built):
    projection = project(built, 10.0, 2.0)
    assert projection.window_hours == 2.0 and projection.sync_seconds == 10.0
    assert projection.tables and all(t["changes_per_hour"] >= 0 and t["seconds"] >= 0 for t in projection.tables)
    assert projection.total_seconds == pytest.approx(10.0 + sum(t["seconds"] for t in projection.tables))
    changed = [t for t in projection.tables if t["expected_changes"]]
    if projection.seconds_per_change is not None:
        for t in changed:
            expected = t["changes_per_hour"] * 2.0 * projection.seconds_per_change
            assert t["seconds"] == pytest.approx(expected, abs=0.1 + 0.01 * expected)
