"""Run dbt in-process (dbtRunner) against the target database."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from dbt.cli.main import dbtRunner, dbtRunnerResult

from runner.errors import ChecksFailed
from runner.settings import PROJECT_ROOT, Conninfo

# dbt's own DBT_TARGET_PATH moves its artifacts; the runner follows it
TARGET_DIR = PROJECT_ROOT / os.environ.get("DBT_TARGET_PATH", "target")
PROFILES_DIR = TARGET_DIR / "runner-profiles"
RUN_RESULTS = TARGET_DIR / "run_results.json"


def _prepare(target: Conninfo) -> Path:
    """Export the target's connection as the env vars profiles.example.yml reads."""
    os.environ.update(
        {
            "DO_NOT_TRACK": "1",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "MIGRATION_TARGET_HOST": target.host,
            "MIGRATION_TARGET_PORT": str(target.port),
            "MIGRATION_TARGET_USER": target.user,
            "MIGRATION_TARGET_PASSWORD": target.password,
            "MIGRATION_TARGET_DBNAME": target.dbname,
        }
    )
    PROFILES_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PROJECT_ROOT / "profiles.example.yml", PROFILES_DIR / "profiles.yml")
    return PROFILES_DIR


def run_dbt(target: Conninfo, *args: str) -> dbtRunnerResult:
    profiles = _prepare(target)
    return dbtRunner().invoke([*args, "--project-dir", str(PROJECT_ROOT), "--profiles-dir", str(profiles)])


def build(target: Conninfo, *extra: str) -> None:
    """`dbt build`; failed models or tests are failed checks (exit 1)."""
    result = run_dbt(target, "build", *extra)
    if result.success:
        return
    if result.exception is not None:
        raise ChecksFailed(f"dbt build stopped: {result.exception}")
    failed = [r.node.name for r in (result.result or []) if str(r.status) in ("error", "fail")]
    raise ChecksFailed(
        f"dbt build failed ({len(failed)} failing: {', '.join(failed[:5])}"
        f"{' ...' if len(failed) > 5 else ''}); see dbt's output above."
    )
