"""The sync: check the live legacy schema, attach, snapshot, then dbt on what changed.

See docs/sync.md. dbt runs in-process (dbtRunner) with the run's number, as-of instant and mode as
vars; its own hooks record every node's result in migration.run_results and the run's verdict in
migration.runs, so nothing here reads target/.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg

from runner.attach import attach_in, check_live_schema, live_schema, live_uniques
from runner.bookkeeping import ensure_bookkeeping
from runner.db import connect, fdw_problem, first_line, is_fdw_connection_error
from runner.errors import ChecksFailed, EnvironmentProblem
from runner.progress import Progress
from runner.project import counted_tables, json_columns, snapshot_tables
from runner.runs import Run, fail_run, finish_run, last_good_build, project_fingerprint, start_run, sync_lock
from runner.settings import PROJECT_ROOT, Conninfo, Databases
from runner.snapshot import SyncResult, foreign_tables, sync_snapshot

if TYPE_CHECKING:
    from dbt.cli.main import dbtRunnerResult

# dbt's own DBT_TARGET_PATH moves its artifacts; the runner follows it
TARGET_DIR = PROJECT_ROOT / os.environ.get("DBT_TARGET_PATH", "target")
PROFILES_DIR = TARGET_DIR / "runner-profiles"


@dataclass(frozen=True)
class Outcome:
    run: Run
    status: str
    no_change: bool
    sync: SyncResult
    dbt_seconds: float


PARSE_CACHES = TARGET_DIR / "partial-parse"


def _partial_parse_for(target: Conninfo) -> None:
    """dbt keeps one partial-parse file (target/partial_parse.msgpack) and parses the whole project
    again (15-20 s) whenever the profile differs from the one it was written with: keep one file
    per target database, and put the right one in place before dbt runs."""
    key = hashlib.sha256(f"{target.user}@{target.host}:{target.port}/{target.dbname}".encode()).hexdigest()[:16]
    PARSE_CACHES.mkdir(parents=True, exist_ok=True)
    marker, current = PARSE_CACHES / "in-place", TARGET_DIR / "partial_parse.msgpack"
    owner = marker.read_text() if marker.exists() else None
    if owner == key:
        return
    if owner and current.exists():
        current.replace(PARSE_CACHES / f"{owner}.msgpack")
    mine = PARSE_CACHES / f"{key}.msgpack"
    if mine.exists():
        mine.replace(current)
    else:
        current.unlink(missing_ok=True)
    marker.write_text(key)


@contextmanager
def _dbt_environment(target: Conninfo) -> Iterator[Path]:
    """The target's connection as the variables profiles.example.yml (and libpq) read, for the
    duration of one dbt invocation; restored afterwards so no other connection inherits them."""
    env = {"DO_NOT_TRACK": "1", "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", **target.dbt_environment()}
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    PROFILES_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PROJECT_ROOT / "profiles.example.yml", PROFILES_DIR / "profiles.yml")
    try:
        yield PROFILES_DIR
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_dbt(target: Conninfo, *args: str, progress: Progress | None = None) -> dbtRunnerResult:
    """dbt in-process. With progress, dbt's own log gives way to the progress lines (errors are
    still dbt's)."""
    from dbt.cli.main import dbtRunner  # a second and a half to import: only when dbt runs

    callbacks = [progress.dbt_event] if progress else []
    quiet = ["--quiet"] if progress else []
    _partial_parse_for(target)
    with _dbt_environment(target) as profiles:
        return dbtRunner(callbacks=callbacks).invoke(
            [*quiet, *args, "--project-dir", str(PROJECT_ROOT), "--profiles-dir", str(profiles)]
        )


def _synthetic(legacy_url: str) -> tuple[float | None, int | None]:
    """(scale, seed) when the legacy database was made by `legacy generate`."""
    with connect(legacy_url, "legacy") as conn:
        if conn.execute("select to_regclass('synthetic.params')").fetchone()[0] is None:
            return None, None
        row = conn.execute("select scale, seed from synthetic.params").fetchone()
    return (float(row[0]), int(row[1])) if row else (None, None)


def _sync(
    dbs: Databases, live: dict[str, dict[str, str]], run: Run, full_compare: bool, as_of: str, progress: Progress
) -> SyncResult:
    """The snapshot step in one target transaction (see runner/snapshot.py)."""
    try:
        with connect(dbs.target_url, "target") as conn:
            conn.execute("set client_min_messages = warning")
            with progress.step("attaching the legacy database (postgres_fdw)"):
                attach_in(conn, dbs.legacy, live)
            tables = foreign_tables(conn, snapshot_tables(), json_columns(), live_uniques(dbs.legacy_url))
            return sync_snapshot(
                conn, tables, counted_tables(), run.run_seq, full_compare=full_compare, as_of=as_of, progress=progress
            )
    except psycopg.Error as exc:
        if is_fdw_connection_error(exc):
            raise fdw_problem(exc, dbs.legacy) from exc
        raise EnvironmentProblem(
            f"The sync stopped ({first_line(exc)}); the target was left as the previous sync left it, run the "
            "command again once the cause is fixed."
        ) from exc


def _record_tables(conn: psycopg.Connection, run: Run, sync: SyncResult) -> None:
    with conn.cursor() as cur:
        cur.executemany(
            "insert into migration.run_tables (run_seq, source_table, legacy_rows, read_rows, inserted, updated, "
            "deleted, card_numbers_masked) values (%s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    run.run_seq,
                    t.name,
                    t.legacy_rows,
                    t.read_rows,
                    t.inserted,
                    t.updated,
                    t.deleted,
                    t.card_numbers_masked,
                )
                for t in sync.tables.values()
            ],
        )


def _record_ledger(conn: psycopg.Connection, run: Run) -> None:
    """migrated / rejected / excluded / deleted per legacy table after the run, from the ledger."""
    if conn.execute("select to_regclass('migration.reconciliation')").fetchone()[0] is None:
        return
    conn.execute(
        """
        update migration.run_tables as t set
            migrated = r.migrated_rows, rejected = r.rejected_rows, excluded = r.excluded_rows,
            deleted_in_legacy = r.deleted_rows
        from migration.reconciliation as r
        where t.run_seq = %s and t.source_table = r.source_table
        """,
        (run.run_seq,),
    )


def _carry_ledger(conn: psycopg.Connection, run: Run) -> None:
    """A run that changed nothing has the ledger figures of the run before it."""
    conn.execute(
        """
        update migration.run_tables as t set
            migrated = p.migrated, rejected = p.rejected, excluded = p.excluded, deleted_in_legacy = p.deleted_in_legacy
        from migration.run_tables as p
        where t.run_seq = %s and p.source_table = t.source_table
          and p.run_seq = (select max(run_seq) from migration.run_tables where run_seq < %s)
        """,
        (run.run_seq, run.run_seq),
    )


def pending_tables(conn: psycopg.Connection) -> list[str]:
    """Legacy tables with changes no successful dbt run has processed yet."""
    return [row[0] for row in conn.execute("select distinct source_table from migration.legacy_changes order by 1")]


def build(
    dbs: Databases,
    command: str = "build",
    *,
    full_refresh: bool = False,
    full_compare: bool = False,
    progress: Progress | None = None,
) -> Outcome:
    """One sync, recorded in migration.runs whatever happens. Raises EnvironmentProblem (exit 2)
    when the legacy database cannot be read or its schema is not the one the project knows (the
    target is left as it was), and ChecksFailed (exit 1) when the run failed."""
    progress = progress or Progress(quiet=True)
    dbs.target.dbt_environment()  # a parameter dbt cannot take fails before anything starts
    with sync_lock(dbs.target) as control:
        ensure_bookkeeping(control)
        fingerprint = project_fingerprint()
        good = last_good_build(control)
        # A run that stopped before its snapshot (legacy unreachable, unknown schema) changed nothing
        # in the target: the run before it decides whether the target is verified.
        previous = control.execute(
            """
            select status from migration.runs
            where command in ('build', 'demo') and legacy_fingerprint is not null
            order by run_seq desc limit 1
            """
        ).fetchone()
        full_recompute = full_refresh or good is None or good[1] != fingerprint
        run = start_run(
            control, command, full_compare=full_compare, full_recompute=full_recompute, project_fingerprint=fingerprint
        )
        as_of = control.execute(
            "select started_at::text from migration.runs where run_seq = %s", (run.run_seq,)
        ).fetchone()[0]
        try:
            live = live_schema(dbs.legacy_url)
            check_live_schema(live)
            scale, seed = _synthetic(dbs.legacy_url)
            control.execute(
                "update migration.runs set synthetic_scale = %s, synthetic_seed = %s where run_seq = %s",
                (scale, seed, run.run_seq),
            )
            with progress.step("syncing the legacy snapshot"):
                sync = _sync(dbs, live, run, full_compare, as_of, progress)
        except EnvironmentProblem as exc:
            fail_run(control, run, str(exc))
            raise
        _record_tables(control, run, sync)
        control.execute(
            "update migration.runs set legacy_fingerprint = %s where run_seq = %s",
            (sync.legacy_fingerprint, run.run_seq),
        )
        pending = pending_tables(control)
        verified = previous is not None and previous[0] == "ok"
        if not (full_recompute or full_compare or pending) and verified:
            finish_run(control, run, "ok", no_change=True, models_ok=True)
            _carry_ledger(control, run)
            progress.say("no legacy change since the last build: nothing to do")
            return Outcome(run, "ok", True, sync, 0.0)
        control.execute("update migration.runs set awaiting_dbt = true where run_seq = %s", (run.run_seq,))
        args = ["build"]
        if not (full_recompute or full_compare) and pending and verified:
            args += ["--select", *(f"source:legacy.{table}+" for table in pending)]
            control.execute(
                "update migration.runs set selection = %s where run_seq = %s", (" ".join(pending), run.run_seq)
            )
        started = time.monotonic()
        with progress.step("dbt build" + ("" if len(args) == 1 else f" of what depends on {', '.join(pending)}")):
            result = run_dbt(dbs.target, *args, progress=progress)
        seconds = time.monotonic() - started
        row = control.execute(
            "select status, models_ok from migration.runs where run_seq = %s", (run.run_seq,)
        ).fetchone()
        status, models_ok = row
        if result.exception is not None or status == "running":
            reason = first_line(result.exception) if result.exception is not None else "dbt did not finish"
            fail_run(control, run, f"dbt build stopped: {reason}")
            status = "failed"
        if models_ok:  # every selected model processed the changes: the log is spent
            control.execute("delete from migration.legacy_changes where run_seq <= %s", (run.run_seq,))
        _record_ledger(control, run)
        return Outcome(run, status, False, sync, seconds)


def require_ok(outcome: Outcome) -> None:
    if outcome.status != "ok":
        raise ChecksFailed(
            f"run {outcome.run.run_seq} failed (a model errored, a test failed or was skipped); see dbt's output "
            "above and `python -m runner report`."
        )
