"""Every legacy row of the slice is migrated, rejected with a reason, or excluded: per table."""

import json
import subprocess
import sys

from tests.support import CHECK_REPORT, REPORT_JSON, query, run_cli

SLICE = {
    "auth_user": "profiles",
    "dispatch_usersetting": "profiles",
    "dispatch_office": "offices",
    "dispatch_office_doctors": "doctors",
    "dispatch_patient": "patients",
    "dispatch_instruction": "orders",
}


def reconciliation(url):
    rows = query(
        url,
        "select source_table, disposition, source_rows, migrated_rows, rejected_rows, excluded_rows, unexplained_rows "
        "from migration.reconciliation",
    )
    return {r[0]: r[1:] for r in rows}


def test_ledger_balances_per_slice_table(built):
    recon = reconciliation(built.target_url)
    for table in SLICE:
        disposition, source, migrated, rejected, excluded, unexplained = recon[table]
        assert disposition in ("migrated", "merged")
        assert unexplained == 0
        assert source == migrated + rejected + excluded, table


def test_source_rows_are_the_legacy_database_own_counts(built):
    recon = reconciliation(built.target_url)
    for table in SLICE:
        legacy_count = query(built.legacy_url, f"select count(*) from public.{table}")[0][0]
        assert recon[table][1] == legacy_count, table


def test_migrated_rows_are_the_mart_rows(built):
    recon = reconciliation(built.target_url)
    for table, mart in SLICE.items():
        column = "legacy_usersetting_id" if table == "dispatch_usersetting" else "legacy_id"
        in_mart = query(built.target_url, f"select count({column}) from public.{mart}")[0][0]
        assert in_mart == recon[table][2], table


def test_the_slice_really_rejects_rows(built):
    recon = reconciliation(built.target_url)
    assert recon["dispatch_instruction"][3] > 0
    assert recon["auth_user"][3] > 0


def test_report_json_covers_all_63_tables_and_balances_money(built):
    report = json.loads(REPORT_JSON.read_text())
    assert report["status"] == "ok"
    checked = subprocess.run(
        [sys.executable, str(CHECK_REPORT), str(REPORT_JSON), "--all-tables"], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout
    by_table = {t["source_table"]: t for t in report["tables"]}
    assert len(by_table) == 63
    assert not [t for t, row in by_table.items() if row["disposition"] == "not_yet_covered"]
    assert all(row["unexplained_rows"] == 0 for row in by_table.values())
    assert by_table["dispatch_instruction"]["targets"][0] == "orders"
    assert by_table["dispatch_instruction"]["rejects_by_reason"]["orphan_patient"] > 0
    assert by_table["dispatch_apitoken"]["disposition"] == "excluded"
    assert by_table["dispatch_apitoken"]["excluded_rows"] == by_table["dispatch_apitoken"]["source_rows"] > 0
    assert report["money"] and all(m["difference"] == "0.00" for m in report["money"])
    assert {m["currency"] for m in report["money"]} >= {"USD"}
    assert report["tests"]["passed"] > 0 and report["tests"]["failed"] == 0


def test_every_table_balances_against_the_legacy_database(built):
    """Independent of the models: the legacy database's own count of every table."""
    recon = reconciliation(built.target_url)
    assert len(recon) == 63
    for table, (disposition, source, migrated, rejected, excluded, unexplained) in recon.items():
        legacy_count = query(built.legacy_url, f"select count(*) from public.{table}")[0][0]
        assert source == legacy_count, table
        assert source == migrated + rejected + excluded and unexplained == 0, table
        if disposition == "excluded":
            assert excluded == source, table


def test_report_command_exits_0_and_prints_the_table(built):
    result = run_cli("report")
    assert result.returncode == 0, result.stderr
    assert "dispatch_instruction" in result.stdout
    assert "status: ok" in result.stdout


def test_text_report_lists_the_repairs_by_code_as_the_json_does(built, tmp_path):
    """Issue 19 item 8: the text report has the repairs section the JSON and HTML have, one line
    per legacy table and repair code with its row count."""
    out = tmp_path / "report.json"
    result = run_cli("report", "--json", str(out))
    assert result.returncode == 0, result.stderr
    repairs = json.loads(out.read_text())["repairs"]
    assert len(repairs) >= 5
    section = result.stdout.split("repairs by code", 1)[1].split("money (to the cent)", 1)[0]
    lines = section.splitlines()
    for repair in repairs:
        cells = [repair["source_table"], repair["code"], f"{repair['rows']:,}"]
        assert any(line.split()[:3] == cells for line in lines if line.strip()), (cells, section[:3000])


def test_accounting_tests_catch_a_missing_mart_row(built):
    """A test that cannot fail is a defect: remove a migrated row of a leaf mart and the ledger test must fail."""
    victim = query(built.target_url, "select legacy_id from public.patient_events order by legacy_id desc limit 1")[0][
        0
    ]
    query(built.target_url, f"delete from public.patient_events where legacy_id = {victim}")
    try:
        failing = run_cli("dbt", "test", "--select", "patient_events,test_name:matches_ledger")
        assert failing.returncode == 1, failing.stdout[-4000:]
        assert "FAIL 1" in failing.stdout
    finally:
        restored = run_cli("dbt", "run", "--select", "patient_events", "--vars", "{full_recompute: true}")
        assert restored.returncode == 0, restored.stdout[-2000:]
    assert query(built.target_url, f"select count(*) from public.patient_events where legacy_id = {victim}")[0][0] == 1
