"""dbt in-process (dbtRunner), with the connection a command was given.

The dbt project does the work; this module gives dbt the target (the variables profiles.example.yml
reads) and the legacy URL (LEGACY_DATABASE_URL, which the project's macros read), for the duration
of one invocation, and nothing else. dbt records its command line in its artifacts and logs: it
sees `dbt <args>` only, and no argument carries a password. The project's own errors reach the
runner as log lines marked `legacy_migration error:` (macros/sync/errors.sql).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runner.progress import Progress
from runner.settings import PROJECT_ROOT, Conninfo, Databases

if TYPE_CHECKING:
    from dbt.cli.main import dbtRunnerResult

# dbt's own DBT_TARGET_PATH moves its artifacts; the runner follows it
TARGET_DIR = PROJECT_ROOT / os.environ.get("DBT_TARGET_PATH", "target")
PROFILES_DIR = TARGET_DIR / "runner-profiles"
PARSE_CACHES = TARGET_DIR / "partial-parse"
PARSE_CACHES_KEPT = 16  # at most this many other targets' partial-parse files are kept
ERROR_MARK = "legacy_migration error: "


@dataclass
class Invocation:
    """One dbt invocation: its result, its invocation id, and the project's error sentences."""

    result: dbtRunnerResult
    invocation_id: str
    logs: list[str] = field(default_factory=list)  # what the project's macros logged
    failure: str | None = None  # dbt's own error, when the invocation stopped on one

    @property
    def errors(self) -> list[str]:
        return [line[len(ERROR_MARK) :] for line in self.logs if line.startswith(ERROR_MARK)]

    @property
    def success(self) -> bool:
        return bool(self.result.success)


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
    # the files of the targets this checkout used least recently go (PARSE_CACHES_KEPT stay)
    kept = sorted(PARSE_CACHES.glob("*.msgpack"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in kept[PARSE_CACHES_KEPT:]:
        stale.unlink(missing_ok=True)


def environment(dbs: Databases, extra: dict[str, str] | None = None) -> dict[str, str]:
    """What dbt reads from the environment: the target's profile variables, the legacy URL."""
    return {
        "DO_NOT_TRACK": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **dbs.target.dbt_environment(),
        "LEGACY_DATABASE_URL": dbs.legacy_url,
        **(extra or {}),
    }


@contextmanager
def _dbt_process(env: dict[str, str], args: list[str], project_dir: Path) -> Iterator[Path]:
    """The variables for one invocation, restored afterwards so no other connection inherits them;
    sys.argv as dbt would see it run as `dbt <args>` (it records it as the invocation command)."""
    saved = {name: os.environ.get(name) for name in env}
    saved_argv = sys.argv
    os.environ.update(env)
    sys.argv = ["dbt", *args]
    PROFILES_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(project_dir / "profiles.example.yml", PROFILES_DIR / "profiles.yml")
    try:
        yield PROFILES_DIR
    finally:
        sys.argv = saved_argv
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_dbt(
    dbs: Databases,
    *args: str,
    progress: Progress | None = None,
    extra_env: dict[str, str] | None = None,
    project_dir: Path = PROJECT_ROOT,
    target_path: Path | None = None,
) -> Invocation:
    """dbt in-process. With progress, dbt's own log gives way to the progress lines (errors are
    still dbt's). project_dir and target_path: another checkout of the project (`runner review`'s
    base) and artifacts of their own, which keep their own partial-parse file."""
    from dbt.cli.main import dbtRunner  # a second and a half to import: only when dbt runs
    from dbt_common.invocation import get_invocation_id

    logs: list[str] = []
    failures: list[str] = []

    def collect(event: Any) -> None:
        if event.info.name == "JinjaLogInfo":
            logs.append(event.data.msg)
        elif event.info.name in ("RunningOperationCaughtError", "MainEncounteredError"):
            failures.append(str(event.data.exc))
        if progress:
            progress.dbt_event(event)

    quiet = ["--quiet"] if progress else []
    if target_path is None:
        _partial_parse_for(dbs.target)
    targets = ["--target-path", str(target_path)] if target_path is not None else []
    env = environment(dbs, extra_env)
    with _dbt_process(env, list(args), project_dir) as profiles:
        result = dbtRunner(callbacks=[collect]).invoke(
            [*quiet, *args, *targets, "--project-dir", str(project_dir), "--profiles-dir", str(profiles)]
        )
    return Invocation(result, get_invocation_id(), logs, failures[0] if failures else None)
