"""Helpers the tests share; importing this module points the runner at the test cluster."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
os.environ["MIGRATION_EMBEDDED_DIR"] = os.environ.get("MIGRATION_TEST_EMBEDDED_DIR", str(ROOT / ".embedded" / "pytest"))
os.environ["MIGRATION_PG_PORT"] = os.environ.get("MIGRATION_TEST_PG_PORT", "55439")
os.environ["DO_NOT_TRACK"] = "1"
for leaked in ("LEGACY_DATABASE_URL", "TARGET_DATABASE_URL"):
    os.environ.pop(leaked, None)

from runner.settings import embedded_url  # noqa: E402

SCALE = 0.01
SEED = 7
CHECK_REPORT = ROOT.parent / "shared" / "tools" / "check_report.py"
TARGET_DIR = ROOT / os.environ.get("DBT_TARGET_PATH", "target")
REPORT_JSON = TARGET_DIR / "pytest-report.json"


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
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def create_database(name: str) -> str:
    with psycopg.connect(embedded_url("postgres"), autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}"')
    return embedded_url(name)
