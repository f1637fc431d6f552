"""`runner build`: the dbt project's sync (docs/sync.md), wrapped.

The sync is the dbt project's: `dbt build` takes the snapshot of the legacy database in its
on-run-start hook and then builds and tests everything. The runner runs the same macros in two
invocations so that it can build only what the changes reach: `dbt run-operation legacy_sync`
takes the snapshot (and finishes the run when nothing changed), then `dbt build --select` the
selection the operation recorded continues that run (MIGRATION_SYNC_RUN). What the runner adds is
what dbt cannot do: the embedded cluster, one sentence and an exit code per outcome.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from runner.db import connect, first_line
from runner.dbt import Invocation, run_dbt
from runner.errors import ChecksFailed, EnvironmentProblem
from runner.progress import Progress
from runner.settings import Databases

RUN_COLUMNS = ("run_seq", "status", "no_change", "refused", "selection", "error")


@dataclass(frozen=True)
class Outcome:
    run_seq: int
    status: str
    no_change: bool
    tables: list[dict[str, Any]]
    dbt_seconds: float


def _run_of(dbs: Databases, invocation_id: str) -> dict[str, Any] | None:
    """The run an invocation holds (migration.runs.invocation_id), or None."""
    with connect(dbs.target_url, "target") as conn:
        if conn.execute("select to_regclass('migration.runs')").fetchone()[0] is None:
            return None
        row = conn.execute(
            f"select {', '.join(RUN_COLUMNS)} from migration.runs where invocation_id = %s "
            "order by run_seq desc limit 1",
            (invocation_id,),
        ).fetchone()
    return dict(zip(RUN_COLUMNS, row, strict=True)) if row else None


def _tables(dbs: Databases, run_seq: int) -> list[dict[str, Any]]:
    with connect(dbs.target_url, "target") as conn:
        cur = conn.execute(
            "select source_table, inserted, updated, deleted, full_copy from migration.run_tables "
            "where run_seq = %s order by source_table",
            (run_seq,),
        )
        names = [c.name for c in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def refusal(invocation: Invocation, run: dict[str, Any] | None) -> EnvironmentProblem:
    """The one sentence of a sync that did not get to its models."""
    if run and run.get("error"):
        return EnvironmentProblem(run["error"])
    if invocation.errors:
        return EnvironmentProblem(invocation.errors[0])
    exception = invocation.result.exception
    failure = invocation.failure or (str(exception) if exception is not None else "")
    lines = [line.strip() for line in failure.splitlines() if line.strip()]
    reason = " ".join(lines[:2]) if lines else "dbt did not finish"
    return EnvironmentProblem(
        f"The sync stopped ({reason}); the target was left as the previous sync left it, run the command again once "
        "the cause is fixed."
    )


def _close(dbs: Databases, invocation: Invocation, problem: EnvironmentProblem) -> EnvironmentProblem:
    """A sync whose dbt invocation stopped before the project could record why (a dbt error of its
    own): its run is failed, with the sentence, so the next sync need not wait for its lease."""
    with connect(dbs.target_url, "target") as conn:
        if conn.execute("select to_regclass('migration.runs')").fetchone()[0] is not None:
            conn.execute(
                "update migration.runs set status = 'failed', refused = not snapshot_taken, "
                "finished_at = clock_timestamp(), error = coalesce(error, %s) "
                "where invocation_id = %s and status = 'running'",
                (str(problem), invocation.invocation_id),
            )
    return problem


def _check_target(dbs: Databases) -> None:
    """The target answers (dbt's own error would be a traceback); no-op otherwise."""
    with connect(dbs.target_url, "target"):
        pass


def build(
    dbs: Databases,
    command: str = "build",
    *,
    full_refresh: bool = False,
    full_compare: bool = False,
    restore_drift: bool = False,
    after_cutover: bool = False,
    progress: Progress | None = None,
) -> Outcome:
    """One sync. Raises EnvironmentProblem (exit 2) when it was refused before its snapshot changed
    anything (legacy unreachable, its schema not the contract's, another sync running), and
    returns the outcome otherwise (failed models and tests: status failed)."""
    progress = progress or Progress(quiet=True)
    dbs.target.dbt_environment()  # a parameter dbt cannot take fails before anything starts
    _check_target(dbs)
    arguments = {
        "command": f"runner {command}",
        "full_compare": full_compare,
        "full_refresh": full_refresh,
        "restore_drift": restore_drift,
    }
    variables = ["--vars", json.dumps({"after_cutover": True})] if after_cutover else []
    with progress.step("syncing the legacy snapshot"):
        snapshot = run_dbt(
            dbs, "run-operation", "legacy_sync", "--args", json.dumps(arguments), *variables, progress=progress
        )
    run = _run_of(dbs, snapshot.invocation_id)
    if not snapshot.success or run is None or run["refused"]:
        raise _close(dbs, snapshot, refusal(snapshot, run))
    if run["status"] == "ok" and run["no_change"]:
        return Outcome(run["run_seq"], "ok", True, _tables(dbs, run["run_seq"]), 0.0)
    selection = run["selection"].split() if run["selection"] else []
    started = time.monotonic()
    what = f" of what depends on {len(selection)} changed table(s)" if selection else ""
    with progress.step(f"dbt build{what}"):
        built = run_dbt(
            dbs,
            "build",
            *(["--select", *selection] if selection else []),
            *variables,
            progress=progress,
            extra_env={"MIGRATION_SYNC_RUN": str(run["run_seq"])},
        )
    seconds = time.monotonic() - started
    after = _run_of(dbs, built.invocation_id)
    if after is None:  # the build did not take the run over: its hook refused
        raise refusal(built, None)
    status = after["status"]
    if status == "running":  # dbt stopped without its on-run-end
        status = "failed"
        reason = first_line(built.result.exception) if built.result.exception is not None else "dbt did not finish"
        with connect(dbs.target_url, "target") as conn:
            conn.execute(
                "update migration.runs set status = 'failed', finished_at = clock_timestamp(), error = %s "
                "where run_seq = %s",
                (f"dbt build stopped: {reason}", after["run_seq"]),
            )
    return Outcome(after["run_seq"], status, False, _tables(dbs, after["run_seq"]), seconds)


def attach(dbs: Databases, progress: Progress | None = None) -> int:
    """`runner attach`: the legacy database attached and its schema checked, under the sync's lease."""
    _check_target(dbs)
    invocation = run_dbt(dbs, "run-operation", "legacy_attach", progress=progress)
    run = _run_of(dbs, invocation.invocation_id)
    if not invocation.success or run is None or run["status"] != "ok":
        raise refusal(invocation, run)
    with connect(dbs.target_url, "target") as conn:
        return conn.execute(
            "select count(*) from pg_foreign_table as f join pg_class as c on c.oid = f.ftrelid "
            "where c.relnamespace = 'legacy'::regnamespace"
        ).fetchone()[0]


def require_ok(outcome: Outcome) -> None:
    if outcome.status != "ok":
        raise ChecksFailed(
            f"run {outcome.run_seq} failed (a model errored, a test failed or was skipped); see dbt's output "
            "above and `python -m runner report`."
        )
