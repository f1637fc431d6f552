"""The reconciliation report: a terminal table and a JSON file."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from psycopg import Connection
from rich import box
from rich.console import Console
from rich.table import Table

from runner.db import connect
from runner.errors import EnvironmentProblem

COLUMNS = ("source_rows", "migrated_rows", "rejected_rows", "excluded_rows", "unexplained_rows")


RUN_COLUMNS = (
    "run_seq",
    "run_id",
    "command",
    "started_at",
    "finished_at",
    "status",
    "no_change",
    "full_compare",
    "full_recompute",
    "legacy_fingerprint",
    "project_fingerprint",
    "synthetic_scale",
    "synthetic_seed",
    "dbt_version",
    "models_ok",
    "models_errored",
    "models_skipped",
    "tests_passed",
    "tests_failed",
    "tests_skipped",
    "error",
    "restore_drift",
)


def _run(conn: Connection, run_seq: int | None) -> dict[str, Any]:
    """One run of migration.runs: the given one, else the latest build (runner build or demo)."""
    where = "run_seq = %s" if run_seq is not None else "is_sync and (snapshot_taken or refused)"
    row = conn.execute(
        f"select {', '.join(RUN_COLUMNS)} from migration.runs where {where} order by run_seq desc limit 1",
        (run_seq,) if run_seq is not None else None,
    ).fetchone()
    if row is None:
        raise EnvironmentProblem(
            f"The target has no run {run_seq}; `python -m runner report --run N` takes a run of migration.runs."
            if run_seq is not None
            else "The target has no build yet; run `python -m runner build` first."
        )
    run = dict(zip(RUN_COLUMNS, row, strict=True))
    for key in ("started_at", "finished_at"):
        run[key] = run[key].isoformat() if run[key] else None
    run["synthetic_scale"] = float(run["synthetic_scale"]) if run["synthetic_scale"] is not None else None
    return run


def collect(target_url: str, run_seq: int | None = None) -> dict[str, Any]:
    with connect(target_url, "target") as conn:
        if conn.execute("select to_regclass('migration.runs')").fetchone()[0] is None:
            raise EnvironmentProblem("The target has no build yet; run `python -m runner build` first.")
        run = _run(conn, run_seq)
        exists = conn.execute("select to_regclass('migration.reconciliation')").fetchone()[0]
        if exists is None:
            raise EnvironmentProblem(
                "The target has no migration.reconciliation yet (no dbt run finished); run `python -m runner build`."
            )
        cur = conn.execute(
            f"""
            select source_table, coalesce(targets, '{{}}'), disposition, {", ".join(COLUMNS)}, deleted_rows,
                   rejects_by_reason, reason, domain
            from migration.reconciliation
            order by domain, source_table
            """
        )
        tables = [
            {
                "source_table": row[0],
                "domain": row[11],
                "targets": list(row[1]),
                "disposition": row[2],
                **{name: int(value) for name, value in zip(COLUMNS, row[3:8], strict=True)},
                "deleted_rows": int(row[8]),
                "rejects_by_reason": {k: int(v) for k, v in row[9].items()},
                "reason": row[10],
            }
            for row in cur.fetchall()
        ]
        if run_seq is not None:
            tables = _as_of_run(conn, tables, run["run_seq"])
        money = _money(conn)
        rejects = _samples(conn, "rejects", "reason_code", "detail")
        repairs = _samples(conn, "repairs", "repair_code", "null")
        history = _history(conn)
        failures = _failures(conn, run["run_seq"])
        created_in_app = _created_in_app(conn)
        changed_in_target = _changed_in_target(conn, run)
    tests = {
        "passed": run["tests_passed"] or 0,
        "failed": run["tests_failed"] or 0,
        "skipped": run["tests_skipped"] or 0,
    }
    unexplained = sum(t["unexplained_rows"] for t in tables)
    unbalanced = [m for m in money if m["difference"] != "0.00"]
    ok = run["status"] == "ok" and unexplained == 0 and not unbalanced
    return {
        "status": "ok" if ok else "failed",
        "run": run,
        "tables": tables,
        "money": money,
        "tests": tests,
        "rejects": rejects,
        "repairs": repairs,
        "history": history,
        "failures": failures,
        "created_in_app": created_in_app,
        "changed_in_target": changed_in_target,
    }


def _as_of_run(conn: Connection, tables: list[dict[str, Any]], run_seq: int) -> list[dict[str, Any]]:
    """The ledger as run N left it (migration.run_tables: the live legacy count its snapshot read,
    and migrated/rejected/excluded/deleted when it finished), for `report --run N`; a table the run
    did not record keeps the figures of now. The rejects by reason are not kept per run: they are
    left out for an earlier run's table."""
    recorded = {
        row[0]: row[1:]
        for row in conn.execute(
            "select source_table, legacy_rows, migrated, rejected, excluded, deleted_in_legacy "
            "from migration.run_tables where run_seq = %s and migrated is not null",
            (run_seq,),
        ).fetchall()
    }
    latest = conn.execute("select max(run_seq) from migration.run_tables where migrated is not null").fetchone()[0]
    if run_seq == latest or not recorded:
        return tables
    as_of = []
    for t in tables:
        if t["source_table"] not in recorded:
            as_of.append(t)
            continue
        legacy, migrated, rejected, excluded, deleted = (int(v or 0) for v in recorded[t["source_table"]])
        figures = {
            "source_rows": legacy,
            "migrated_rows": migrated,
            "rejected_rows": rejected,
            "excluded_rows": excluded,
            "unexplained_rows": legacy - migrated - rejected - excluded,
            "deleted_rows": deleted,
            "rejects_by_reason": {},
        }
        as_of.append({**t, **figures})
    return as_of


FAILURES = 10  # failed nodes named in the report; migration.run_results holds them all


def _failures(conn: Connection, run_seq: int) -> list[dict[str, str]]:
    """The nodes of the run that errored or failed (not the skipped ones they took with them),
    with the first line of dbt's message: what a reader fixes first."""
    rows = conn.execute(
        """
        select resource_type, unique_id, status,
               split_part(btrim(regexp_replace(message, E'\x1b\\[[0-9;]*m', '', 'g'), E' \n'), E'\n', 1)
        from migration.run_results
        where run_seq = %s and status not in ('success', 'pass', 'skipped', 'no-op', 'warn')
        order by unique_id
        limit %s
        """,
        (run_seq, FAILURES),
    ).fetchall()
    return [{"resource_type": r[0], "unique_id": r[1], "status": r[2], "message": r[3]} for r in rows]


def _created_in_app(conn: Connection) -> dict[str, int]:
    """The rows the application created in each mart (no legacy key, so outside the ledger and
    the verdict), as the target holds them now; the marts without any are left out."""
    if conn.execute("select to_regclass('migration.created_in_app')").fetchone()[0] is None:
        return {}
    rows = conn.execute("select mart, app_rows from migration.created_in_app where app_rows > 0 order by mart")
    return {mart: int(n) for mart, n in rows.fetchall()}


def _changed_in_target(conn: Connection, run: dict[str, Any]) -> dict[str, Any]:
    """The rows of migrated legacy ids that someone other than the migration changed, inserted or
    deleted in the marts (migration.target_drift; the writes into the snapshot, mappings and
    intermediate models are the proofs' to fail on), as the run saw them, and the policy it applied:
    `restore` put the migration's values back (the overwritten values stay in target_writes), `fail`
    kept them and failed the run's no_target_drift tests. Writes after the run are `pending`: the
    next sync sees them."""
    policy = "restore" if run.get("restore_drift") else "fail"
    if conn.execute("select to_regclass('migration.target_drift')").fetchone()[0] is None:
        return {"policy": policy, "rows": 0, "tables": []}
    rows = conn.execute(
        f"""
        with writes as (
            select * from migration.target_drift
            where (seen_by_run is null or seen_by_run <= %(run)s)
              and (restored_by_run is null or restored_by_run >= %(run)s)
        )
        select relation, count(*), count(*) filter (where state like 'restored%%'),
               (array_agg(jsonb_build_object('legacy_id', legacy_id, 'op', op, 'written_by', written_by,
                   'written_at', written_at, 'state', state) order by written_at desc))[1:{SAMPLES}],
               array_agg(distinct op order by op)
        from writes
        group by relation
        order by relation
        """,
        {"run": run["run_seq"]},
    ).fetchall()
    tables = [
        {"relation": rel, "rows": int(n), "restored": int(restored), "ops": list(ops), "samples": samples}
        for rel, n, restored, samples, ops in rows
    ]
    return {"policy": policy, "rows": sum(t["rows"] for t in tables), "tables": tables}


def drift_ids(table: dict[str, Any]) -> str:
    """The latest drifted legacy ids of a changed_in_target table, each with its write and state."""
    return ", ".join(f"{w['legacy_id']} ({w['op']}, {w['state']})" for w in table["samples"])


SAMPLES = 5  # legacy ids shown per table and reason: enough to open the rows behind a count


def _samples(conn: Connection, view: str, code: str, detail: str) -> list[dict[str, Any]]:
    """Per legacy table and reason: the row count and the first SAMPLES legacy ids with their
    detail, so a reviewer goes from a count to the rows behind it."""
    if conn.execute("select to_regclass(%s)", (f"migration.{view}",)).fetchone()[0] is None:
        return []
    rows = conn.execute(
        f"""
        select source_table, {code}, count(*),
               (array_agg(legacy_id order by legacy_id))[1:{SAMPLES}],
               (array_agg({detail}::text order by legacy_id))[1:{SAMPLES}],
               min(target_table)
        from migration.{view}
        group by source_table, {code}
        order by source_table, count(*) desc, {code}
        """
    ).fetchall()
    return [
        {
            "source_table": table,
            "code": reason,
            "target_table": target,
            "rows": int(n),
            "samples": [{"legacy_id": i, "detail": d} for i, d in zip(ids, details, strict=True)],
        }
        for table, reason, n, ids, details, target in rows
    ]


def _history(conn: Connection) -> list[dict[str, Any]]:
    """Every run of the target in order: what it read from legacy and the ledger after it."""
    rows = conn.execute(
        """
        select r.run_seq, r.command, r.status, r.no_change, r.started_at, r.finished_at,
               extract(epoch from r.finished_at - r.started_at),
               sum(t.inserted), sum(t.updated), sum(t.deleted),
               sum(t.migrated), sum(t.rejected), sum(t.excluded), sum(t.deleted_in_legacy)
        from migration.runs as r
        left join migration.run_tables as t on t.run_seq = r.run_seq
        where r.is_sync
        group by r.run_seq
        order by r.run_seq
        """
    ).fetchall()
    keys = ("inserted", "updated", "deleted", "migrated", "rejected", "excluded", "deleted_in_legacy")
    return [
        {
            "run_seq": seq,
            "command": command,
            "status": status,
            "no_change": no_change,
            "started_at": started.isoformat(),
            "finished_at": finished.isoformat() if finished else None,
            "seconds": round(float(seconds), 1) if seconds is not None else None,
            **{key: int(value) if value is not None else None for key, value in zip(keys, figures, strict=True)},
        }
        for seq, command, status, no_change, started, finished, seconds, *figures in rows
    ]


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


WIDTH = 120


def _text(*renderables: Any) -> str:
    """Plain text at WIDTH columns: no colour, no trailing spaces."""
    console = Console(width=WIDTH, record=True, file=io.StringIO(), color_system=None, highlight=False)
    for renderable in renderables:
        console.print(renderable)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def render(report: dict[str, Any]) -> str:
    counts = ("source_rows", "migrated_rows", "rejected_rows", "excluded_rows", "deleted_rows", "unexplained_rows")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_footer=True, title_justify="left")
    table.add_column("domain", footer="total", no_wrap=True)
    table.add_column("legacy table", no_wrap=True)
    for name, title in zip(counts, ("source", "migrated", "rejected", "excluded", "deleted", "unexpl."), strict=True):
        table.add_column(title, justify="right", footer=f"{sum(t[name] for t in report['tables']):,}", no_wrap=True)
    for t in report["tables"]:
        table.add_row(t.get("domain") or "", t["source_table"], *(f"{t[c]:,}" for c in counts))
    reasons = Table(box=box.SIMPLE_HEAD, pad_edge=False, title="rejects by reason", title_justify="left")
    reasons.add_column("legacy table", no_wrap=True)
    reasons.add_column("reason codes (rows)", overflow="fold")
    for t in report["tables"]:
        if t["rejects_by_reason"]:
            reasons.add_row(t["source_table"], ", ".join(f"{k} {v:,}" for k, v in t["rejects_by_reason"].items()))
    repairs = Table(box=box.SIMPLE_HEAD, pad_edge=False, title="repairs by code", title_justify="left")
    repairs.add_column("legacy table", no_wrap=True)
    repairs.add_column("repair", no_wrap=True)
    repairs.add_column("rows", justify="right", no_wrap=True)
    repairs.add_column("sample legacy ids", overflow="fold")
    for r in report["repairs"]:
        samples = ", ".join(str(s["legacy_id"]) for s in r["samples"])
        repairs.add_row(r["source_table"], r["code"], f"{r['rows']:,}", samples)
    parts: list[Any] = [table, reasons, repairs]
    if report["money"]:
        money = Table(box=box.SIMPLE_HEAD, pad_edge=False, title="money (to the cent)", title_justify="left")
        for title in ("legacy column", "currency", "legacy", "migrated", "not migrated", "difference"):
            money.add_column(title, justify="left" if title in ("legacy column", "currency") else "right", no_wrap=True)
        for m in report["money"]:
            money.add_row(
                m["name"],
                m["currency"] or "",
                m["source_total"],
                m["migrated_total"],
                m["rejected_total"],
                m["difference"],
            )
        parts.append(money)
    tests, run = report["tests"], report["run"]
    parts.append(
        f"run {run['run_seq']} ({run['command']}, {run['status']}{', no change' if run['no_change'] else ''}, "
        f"started {run['started_at']}): status: {report['status']}  tests passed {tests['passed']}, "
        f"failed {tests['failed']}, skipped {tests['skipped']}  "
        f"unexplained rows {sum(t['unexplained_rows'] for t in report['tables']):,}"
    )
    created = report.get("created_in_app") or {}
    parts.append(
        "created in the app (no legacy row, outside the ledger): "
        + (", ".join(f"{mart} {n:,}" for mart, n in created.items()) if created else "none")
    )
    drift = report.get("changed_in_target") or {"policy": "fail", "tables": []}
    if drift["tables"]:
        changed = Table(
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            title=f"changed in the target behind the migration (policy: {drift['policy']})",
            title_justify="left",
        )
        for title in ("relation", "rows", "restored", "writes", "latest legacy ids"):
            changed.add_column(title, no_wrap=title != "latest legacy ids", overflow="fold")
        for t in drift["tables"]:
            changed.add_row(t["relation"], f"{t['rows']:,}", f"{t['restored']:,}", "/".join(t["ops"]), drift_ids(t))
        parts.append(changed)
    else:
        parts.append("changed in the target behind the migration: none")
    for f in report["failures"]:
        parts.append(f"{f['status']}: {f['unique_id']}: {f['message']}"[: WIDTH * 2])
    return _text(*parts)


def write_json(report: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(report, indent=2) + "\n")
