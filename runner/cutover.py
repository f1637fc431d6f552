"""`runner cutover`: the day the application takes the target over.

1. The legacy database is frozen: its fingerprint (per table: rows, newest `modified`, a hash of
   every row version's ctid and xmin, so any insert, update or delete shows, and no column is read)
   is the same at both ends of the freeze window.
2. The final sync: a full-compare `runner build`, the legacy unchanged during it too.
3. Verified: the run ok, 0 unexplained rows, every test passed, money to the cent, no drift left.
4. Recorded in migration.cutovers; every later sync is refused (the dbt project's run start) unless
   `--after-cutover` / var after_cutover.

`--rehearse` does the same without recording and projects the final sync's time from the run
history. Everything reads aggregates; nothing loops over rows in Python.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from typing import Any

from psycopg import sql

from runner.build import build
from runner.db import connect
from runner.errors import ChecksFailed, EnvironmentProblem
from runner.progress import Progress
from runner.report import COLUMNS, collect
from runner.settings import Databases

Fingerprint = dict[str, list[Any]]  # legacy table -> [rows, newest modified, row-version hash]


def legacy_fingerprint(legacy_url: str) -> Fingerprint:
    """Every table of the legacy database's public schema, in one repeatable-read transaction."""
    with connect(legacy_url, "legacy") as conn:
        conn.execute("set transaction isolation level repeatable read read only")
        tables = conn.execute(
            """
            select c.relname,
                   exists (select from pg_attribute as a
                           where a.attrelid = c.oid and a.attname = 'modified' and not a.attisdropped)
            from pg_class as c
            where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
            order by c.relname
            """
        ).fetchall()
        if not tables:
            raise EnvironmentProblem(
                "The legacy database has no table in schema public; check --legacy-url / LEGACY_DATABASE_URL."
            )
        parts = [
            sql.SQL(
                "select {name}::text, count(*), {newest}, coalesce(sum(('x' || left(md5(t.ctid::text || ':' "
                "|| t.xmin::text), 8))::bit(32)::int::bigint), 0)::text from public.{table} as t"
            ).format(
                name=sql.Literal(name),
                newest=sql.SQL("max(t.modified)::text") if has_modified else sql.SQL("null::text"),
                table=sql.Identifier(name),
            )
            for name, has_modified in tables
        ]
        rows = conn.execute(sql.SQL(" union all ").join(parts)).fetchall()
    return {name: [int(n), newest, digest] for name, n, newest, digest in rows}


def digest(fingerprint: Fingerprint) -> str:
    return hashlib.md5(json.dumps(fingerprint, sort_keys=True).encode()).hexdigest()


def _changed(before: Fingerprint, after: Fingerprint) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def _check_frozen(before: Fingerprint, after: Fingerprint, when: str) -> None:
    changed = _changed(before, after)
    if changed:
        raise ChecksFailed(
            f"The legacy database is not frozen: {', '.join(changed)} changed {when}; stop every writer of the "
            "legacy database (the application, its workers and cron jobs) and run the cutover again."
        )


def _latest_cutover(dbs: Databases) -> tuple[int, str] | None:
    with connect(dbs.target_url, "target") as conn:
        if conn.execute("select to_regclass('migration.cutovers')").fetchone()[0] is None:
            return None
        row = conn.execute(
            "select run_seq, to_char(cut_at, 'YYYY-MM-DD HH24:MI:SS TZ') from migration.cutovers "
            "order by cutover_seq desc limit 1"
        ).fetchone()
    return (row[0], row[1]) if row else None


def _problems(report: dict[str, Any]) -> list[str]:
    """What keeps the final sync from being a cutover: the same verdict the report gives, and no
    drift left in the target."""
    problems = []
    if report["run"]["status"] != "ok":
        problems.append(f"run {report['run']['run_seq']} is {report['run']['status']}")
    unexplained = sum(t["unexplained_rows"] for t in report["tables"])
    if unexplained:
        problems.append(f"{unexplained:,} unexplained legacy rows")
    if report["tests"]["failed"] or report["tests"]["skipped"]:
        problems.append(f"{report['tests']['failed']} failed and {report['tests']['skipped']} skipped tests")
    unbalanced = [f"{m['legacy_column']} ({m['currency']})" for m in report["money"] if m["difference"] != "0.00"]
    if unbalanced:
        problems.append("money not to the cent in " + ", ".join(unbalanced))
    drift = [t["relation"] for t in report["changed_in_target"]["tables"] if t["rows"] > t["restored"]]
    if drift:
        problems.append("rows changed in the target and not restored in " + ", ".join(drift))
    return problems


def _ledger(report: dict[str, Any]) -> dict[str, int]:
    return {key: sum(t[key] for t in report["tables"]) for key in COLUMNS}


@dataclass(frozen=True)
class Projection:
    """The final sync's time, projected from the run history."""

    window_hours: float
    sync_seconds: float  # this rehearsal's full-compare sync (the fixed part)
    seconds_per_change: float | None  # the slope over the history's syncs; None with fewer than two
    tables: list[dict[str, Any]]  # per legacy table: changes per hour, expected changes, seconds

    @property
    def total_seconds(self) -> float:
        return self.sync_seconds + sum(t["seconds"] for t in self.tables)


def project(dbs: Databases, sync_seconds: float, window_hours: float) -> Projection:
    """Per legacy table: its changes per hour over the history's syncs (inserted + updated + deleted
    between the first and the last, by time), times the window the final sync catches up on, times
    the history's cost of one change (the slope of a sync's seconds over its changes, across the
    change-driven syncs: their fixed part is in this rehearsal's full-compare sync already)."""
    with connect(dbs.target_url, "target") as conn:
        cost = conn.execute(
            """
            with syncs as (
                select r.run_seq, extract(epoch from r.finished_at - r.started_at) as seconds, r.no_change,
                       r.full_compare,
                       (select sum(t.inserted + t.updated + t.deleted) from migration.run_tables as t
                        where t.run_seq = r.run_seq and not t.full_copy) as changes,
                       (select bool_or(t.full_copy) from migration.run_tables as t where t.run_seq = r.run_seq)
                           as copied
                from migration.runs as r
                where r.is_sync and r.status = 'ok' and r.finished_at is not null
            )
            select greatest(regr_slope(seconds, changes), 0)
            from syncs
            where not no_change and not coalesce(copied, false) and changes > 0 and not full_compare
            """
        ).fetchone()[0]
        rates = conn.execute(
            """
            with syncs as (
                select r.run_seq, r.started_at, min(r.started_at) over () as first_at,
                       max(r.started_at) over () as last_at
                from migration.runs as r
                where r.is_sync and r.status = 'ok'
            )
            select t.source_table,
                   sum(t.inserted + t.updated + t.deleted) filter (where s.started_at > s.first_at
                       and not t.full_copy),
                   extract(epoch from max(s.last_at) - min(s.first_at)) / 3600
            from migration.run_tables as t
            join syncs as s on s.run_seq = t.run_seq
            group by t.source_table
            order by t.source_table
            """
        ).fetchall()
    per_change = float(cost) if cost is not None else None
    tables = []
    for table, changes, hours in rates:
        # the rate as shown: the expected changes and seconds multiply out from the figures printed
        per_hour = round(float(changes or 0) / float(hours), 1) if hours and float(hours) > 0 else 0.0
        expected = per_hour * window_hours
        tables.append(
            {
                "source_table": table,
                "changes_per_hour": per_hour,
                "expected_changes": round(expected),
                "seconds": round(expected * (per_change or 0.0), 1),
            }
        )
    return Projection(window_hours, round(sync_seconds, 1), per_change, tables)


@dataclass(frozen=True)
class Cutover:
    run_seq: int
    fingerprint: str
    ledger: dict[str, int]
    freeze_seconds: float
    sync_seconds: float
    recorded: bool
    projection: Projection | None


def cutover(
    dbs: Databases,
    *,
    freeze_seconds: float,
    rehearse: bool = False,
    window_hours: float = 1.0,
    progress: Progress | None = None,
) -> Cutover:
    progress = progress or Progress(quiet=True)
    done = _latest_cutover(dbs)
    if done is not None:
        raise EnvironmentProblem(
            f"This target was already cut over on {done[1]} (run {done[0]}); the application owns it, there is "
            "nothing to cut over again."
        )
    with progress.step(f"checking that the legacy database is frozen ({freeze_seconds:g} s)"):
        before = legacy_fingerprint(dbs.legacy_url)
        time.sleep(freeze_seconds)
        frozen = legacy_fingerprint(dbs.legacy_url)
    _check_frozen(before, frozen, f"during the {freeze_seconds:g}-second freeze window")
    started = time.monotonic()
    outcome = build(dbs, "rehearse cutover" if rehearse else "cutover", full_compare=True, progress=progress)
    sync_seconds = time.monotonic() - started
    with progress.step("checking the legacy database stayed frozen during the final sync", brief=True):
        after = legacy_fingerprint(dbs.legacy_url)
    _check_frozen(frozen, after, f"during the final sync (run {outcome.run_seq})")
    report = collect(dbs.target_url, outcome.run_seq)
    problems = _problems(report)
    if problems:
        raise ChecksFailed(
            f"The final sync (run {outcome.run_seq}) does not verify: {'; '.join(problems)}; fix the cause "
            "(`python -m runner report` names the rows) and run the cutover again."
        )
    ledger = _ledger(report)
    fingerprint = digest(after)
    if not rehearse:
        with connect(dbs.target_url, "target") as conn:
            conn.execute(
                "insert into migration.cutovers (run_seq, run_id, freeze_seconds, legacy_fingerprint, legacy_tables, "
                "ledger) values (%s, %s, %s, %s, %s::jsonb, %s::jsonb)",
                (
                    outcome.run_seq,
                    report["run"]["run_id"],
                    freeze_seconds,
                    fingerprint,
                    json.dumps(after),
                    json.dumps(ledger),
                ),
            )
    projection = project(dbs, sync_seconds, window_hours) if rehearse else None
    return Cutover(outcome.run_seq, fingerprint, ledger, freeze_seconds, sync_seconds, not rehearse, projection)
