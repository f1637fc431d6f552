"""The reconciliation report: a terminal table and a JSON file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from psycopg import Connection

from runner.build import RUN_RESULTS
from runner.db import connect
from runner.errors import EnvironmentProblem

COLUMNS = ("source_rows", "migrated_rows", "rejected_rows", "excluded_rows", "unexplained_rows")


def _test_counts() -> dict[str, int]:
    """Pass/fail of the tests of the last dbt invocation (target/run_results.json)."""
    if not RUN_RESULTS.is_file():
        raise EnvironmentProblem("No dbt results found (target/run_results.json); run `python -m runner build` first.")
    results = json.loads(RUN_RESULTS.read_text())["results"]
    tests = [r for r in results if r["unique_id"].startswith("test.")]
    return {
        "passed": sum(r["status"] == "pass" for r in tests),
        "failed": sum(r["status"] in ("fail", "error") for r in tests),
    }


def collect(target_url: str) -> dict[str, Any]:
    with connect(target_url, "target") as conn:
        exists = conn.execute("select to_regclass('migration.reconciliation')").fetchone()[0]
        if exists is None:
            raise EnvironmentProblem(
                "The target has no migration.reconciliation yet; run `python -m runner build` first."
            )
        cur = conn.execute(
            f"""
            select source_table, coalesce(targets, '{{}}'), disposition, {", ".join(COLUMNS)},
                   rejects_by_reason, reason
            from migration.reconciliation
            order by domain, source_table
            """
        )
        rows = cur.fetchall()
        tables = [
            {
                "source_table": row[0],
                "targets": list(row[1]),
                "disposition": row[2],
                **{name: int(value) for name, value in zip(COLUMNS, row[3:8], strict=True)},
                "rejects_by_reason": {k: int(v) for k, v in row[8].items()},
                "reason": row[9],
            }
            for row in rows
        ]
        money = _money(conn)
    tests = _test_counts()
    unexplained = sum(t["unexplained_rows"] for t in tables)
    unbalanced = [m for m in money if m["difference"] != "0.00"]
    status = "ok" if unexplained == 0 and tests["failed"] == 0 and not unbalanced else "failed"
    return {"status": status, "tables": tables, "money": money, "tests": tests}


def _money(conn: Connection) -> list[dict[str, str]]:
    """Per money column and currency: source = migrated + rejected, to the cent (as strings)."""
    if conn.execute("select to_regclass('migration.money_reconciliation')").fetchone()[0] is None:
        return []
    rows = conn.execute(
        """
        select name, currency, source_total, migrated_total, rejected_total, difference
        from migration.money_reconciliation
        order by name, currency
        """
    ).fetchall()
    keys = ("name", "currency", "source_total", "migrated_total", "rejected_total", "difference")
    return [
        {key: value if key in ("name", "currency") else f"{value:.2f}" for key, value in zip(keys, row, strict=True)}
        for row in rows
    ]


def render(report: dict[str, Any]) -> str:
    header = (
        "legacy table",
        "disposition",
        "source",
        "migrated",
        "rejected",
        "excluded",
        "unexpl.",
        "rejects by reason",
    )
    lines = []
    for t in report["tables"]:
        reasons = ", ".join(f"{k} {v}" for k, v in t["rejects_by_reason"].items())
        lines.append((t["source_table"], t["disposition"], *(f"{t[c]:,}" for c in COLUMNS), reasons))
    widths = [max(len(str(r[i])) for r in [header, *lines]) for i in range(len(header))]
    fmt = "  ".join(f"{{:{'>' if 2 <= i <= 6 else '<'}{w}}}" for i, w in enumerate(widths))
    out = [fmt.format(*header), fmt.format(*("-" * w for w in widths))]
    out += [fmt.format(*line) for line in lines]
    if report["money"]:
        out.append("")
        money_header = ("money", "currency", "source", "migrated", "rejected", "difference")
        money_lines = [
            tuple(m[k] for k in ("name", "currency", "source_total", "migrated_total", "rejected_total", "difference"))
            for m in report["money"]
        ]
        mw = [max(len(x[i]) for x in [money_header, *money_lines]) for i in range(6)]
        mfmt = "  ".join(f"{{:{'<' if i < 2 else '>'}{w}}}" for i, w in enumerate(mw))
        out += [mfmt.format(*money_header), mfmt.format(*("-" * w for w in mw))]
        out += [mfmt.format(*line) for line in money_lines]
    tests = report["tests"]
    out.append("")
    out.append(
        f"status: {report['status']}  tests passed {tests['passed']}, failed {tests['failed']}  "
        f"unexplained rows {sum(t['unexplained_rows'] for t in report['tables']):,}"
    )
    return "\n".join(out)


def write_json(report: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(report, indent=2) + "\n")
