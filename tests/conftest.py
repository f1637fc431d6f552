"""One embedded PostgreSQL cluster per test session, on its own port and folder.

The `built` fixture generates the synthetic legacy database (scale 0.01), attaches it and runs
`dbt build` once; tests that need a different legacy database make their own in the same cluster.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ["MIGRATION_EMBEDDED_DIR"] = str(ROOT / ".embedded" / "pytest")
os.environ["MIGRATION_PG_PORT"] = os.environ.get("MIGRATION_TEST_PG_PORT", "55439")
os.environ["DO_NOT_TRACK"] = "1"
for leaked in ("LEGACY_DATABASE_URL", "TARGET_DATABASE_URL"):
    os.environ.pop(leaked, None)

from runner.embedded import Cluster  # noqa: E402
from runner.settings import Databases, embedded_url  # noqa: E402

SCALE = 0.01
SEED = 7
CHECK_REPORT = ROOT.parent / "shared" / "tools" / "check_report.py"


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m runner ...` in a subprocess, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "runner", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def query(url: str, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


def create_database(name: str) -> str:
    with psycopg.connect(embedded_url("postgres"), autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}"')
    return embedded_url(name)


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    cluster = Cluster.default()
    cluster.up()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def dbs(cluster: Cluster) -> Databases:
    return Databases(embedded_url("legacy"), embedded_url("target"), embedded=True)


@pytest.fixture(scope="session")
def built(dbs: Databases) -> Databases:
    """A fresh target, built from a fresh synthetic legacy database."""
    create_database("target")
    result = run_cli(
        "demo", "--scale", str(SCALE), "--seed", str(SEED), "--json", str(ROOT / "target" / "pytest-report.json")
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return dbs
