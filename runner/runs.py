"""Run control: the one-sync-at-a-time lock, the run history (migration.runs) and fingerprints."""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg

from runner.errors import EnvironmentProblem
from runner.settings import PROJECT_ROOT, Conninfo

# one key for every sync of a target; an advisory lock is released when its session ends, so a
# killed sync never leaves the target locked
LOCK_KEY = "legacy_migration.sync"
PROJECT_PARTS = ("dbt_project.yml", "models", "macros", "seeds", "tests/dbt", "runner/sql")


@dataclass(frozen=True)
class Run:
    run_seq: int
    run_id: str


def project_fingerprint() -> str:
    """Changes whenever a model, macro, seed, dbt test or the SQL of the sync changes: a project
    change means every row is classified again once."""
    digest = hashlib.sha256()
    for part in PROJECT_PARTS:
        path = PROJECT_ROOT / part
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            if "__pycache__" in file.parts:
                continue
            digest.update(str(file.relative_to(PROJECT_ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def sync_lock(target: Conninfo) -> Iterator[psycopg.Connection]:
    """Holds the target's sync lock for the duration; a second sync refuses at once (exit 2)."""
    try:
        conn = psycopg.connect(target.conninfo(), autocommit=True, connect_timeout=10)
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else "no answer"
        raise EnvironmentProblem(
            f"Cannot connect to the target database at {target.redacted()} ({reason}); check --target-url / "
            "TARGET_DATABASE_URL, or run `python -m runner up` for the embedded one."
        ) from exc
    try:
        got = conn.execute("select pg_try_advisory_lock(hashtext(%s))", (LOCK_KEY,)).fetchone()[0]
        if not got:
            running = None
            if conn.execute("select to_regclass('migration.runs')").fetchone()[0]:
                running = conn.execute(
                    "select run_seq, command, started_at from migration.runs where status = 'running' "
                    "order by run_seq desc limit 1"
                ).fetchone()
            who = f" (run {running[0]}, `{running[1]}`, started {running[2]:%Y-%m-%d %H:%M:%S %Z})" if running else ""
            raise EnvironmentProblem(
                f"Another sync is already running on this target{who}; wait for it to finish, then run "
                "this command again."
            )
        yield conn
    finally:
        conn.close()


def start_run(conn: psycopg.Connection, command: str, **fields: object) -> Run:
    """A new row in migration.runs (status running) that survives whatever happens next."""
    run_id = str(uuid.uuid4())
    columns = ["run_id", "command", *fields]
    row = conn.execute(
        f"insert into migration.runs ({', '.join(columns)}) values ({', '.join(['%s'] * len(columns))}) "
        "returning run_seq",
        (run_id, command, *fields.values()),
    ).fetchone()
    return Run(run_seq=row[0], run_id=run_id)


def finish_run(conn: psycopg.Connection, run: Run, status: str, **fields: object) -> None:
    sets = ", ".join(f"{name} = %s" for name in fields)
    conn.execute(
        f"update migration.runs set status = %s, finished_at = clock_timestamp(){', ' + sets if sets else ''} "
        "where run_seq = %s",
        (status, *fields.values(), run.run_seq),
    )


def fail_run(conn: psycopg.Connection, run: Run, error: str) -> None:
    """Marks a run failed with its one-sentence error; the connection may have lost its session."""
    with contextlib.suppress(psycopg.Error):
        finish_run(conn, run, "failed", error=error)


def last_good_build(conn: psycopg.Connection) -> tuple[int, str | None] | None:
    """The latest run whose models all succeeded and whose tests passed: (run_seq, project fingerprint)."""
    return conn.execute(
        """
        select run_seq, project_fingerprint from migration.runs
        where status = 'ok' and models_ok and command in ('build', 'demo')
        order by run_seq desc limit 1
        """
    ).fetchone()
