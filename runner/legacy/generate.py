"""Create and fill the synthetic legacy database, set-based and deterministic.

All SQL lives in runner/legacy/sql/*.sql; this module only orders and runs it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from psycopg import sql

from runner.db import connect
from runner.errors import EnvironmentProblem
from runner.progress import Progress

HERE = Path(__file__).resolve().parent
SCHEMA_FILE = HERE / "schema.sql"
SQL_DIR = HERE / "sql"


def generator_files() -> list[Path]:
    return sorted(SQL_DIR.glob("*.sql"))


def fingerprint(scale: float, seed: int, shuffle_content_types: bool = False) -> str:
    """Identifies the data a generation produces: the SQL, the seed, the scale and the options."""
    digest = hashlib.sha256(f"{scale}:{seed}{':shuffled' if shuffle_content_types else ''}".encode())
    for path in [SCHEMA_FILE, *generator_files()]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def generated_fingerprint(legacy_url: str) -> str | None:
    """The fingerprint of the synthetic data in the legacy database, if it was generated."""
    with connect(legacy_url, "legacy") as conn:
        if conn.execute("select to_regclass('synthetic.params')").fetchone()[0] is None:
            return None
        row = conn.execute("select fingerprint from synthetic.params").fetchone()
    return row[0] if row else None


def _reset(conn: object, url: str) -> None:
    """Empty the database, but only when it is empty or was made by this generator."""
    row = conn.execute(  # type: ignore[attr-defined]
        """
        select
            (select count(*) from pg_tables where schemaname = 'public'),
            to_regclass('synthetic.params') is not null
        """
    ).fetchone()
    public_tables, generated = row
    if public_tables and not generated:
        raise EnvironmentProblem(
            "The legacy database already holds tables that this generator did not make; point "
            "--legacy-url at an empty database (the generator never overwrites real data)."
        )
    conn.execute("drop schema if exists synthetic cascade")  # type: ignore[attr-defined]
    conn.execute("drop schema if exists public cascade")  # type: ignore[attr-defined]
    conn.execute("create schema public")  # type: ignore[attr-defined]


def _newly_filled(conn: object, filled: set[str]) -> list[tuple[str, int]]:
    """The tables the last generator file filled (with the row count it promised)."""
    rows = conn.execute(  # type: ignore[attr-defined]
        "select table_name, n from synthetic.counts where n > 0 and not (table_name = any(%s)) order by table_name",
        (list(filled),),
    ).fetchall()
    new = []
    for table, n in rows:
        if conn.execute(sql.SQL("select exists (select from public.{})").format(sql.Identifier(table))).fetchone()[0]:  # type: ignore[attr-defined]
            filled.add(table)
            new.append((table, int(n)))
    return new


def generate(
    legacy_url: str,
    scale: float,
    seed: int,
    progress: Progress | None = None,
    shuffle_content_types: bool = False,
) -> dict[str, int]:
    """Load the legacy DDL and fill every table; returns the row count per table.

    shuffle_content_types gives django_content_type ids in another order than the default (every
    generic foreign key follows), to prove that consumers resolve content types by name."""
    progress = progress or Progress(quiet=True)
    if scale <= 0:
        raise EnvironmentProblem("--scale must be greater than 0 (1 = production size).")
    with connect(legacy_url, "legacy") as conn:
        _reset(conn, legacy_url)
        is_super = conn.execute("select rolsuper from pg_roles where rolname = current_user").fetchone()[0]
        if is_super:
            # FK triggers off while loading; 99_finalize.sql validates every enforced FK afterwards.
            conn.execute("set local session_replication_role = replica")
        conn.execute(SCHEMA_FILE.read_text())
        conn.execute("set local search_path = public")
        conn.execute("set local timezone = 'UTC'")  # the generated data must not depend on it
        conn.execute("set local client_min_messages = warning")
        conn.execute("create schema synthetic")
        conn.execute(
            "create table synthetic.params (seed bigint not null, scale numeric not null, fingerprint text not null, "
            "shuffle_content_types boolean not null)"
        )
        conn.execute(
            sql.SQL("insert into synthetic.params values ({}, {}, {}, {})").format(
                sql.Literal(seed),
                sql.Literal(scale),
                sql.Literal(fingerprint(scale, seed, shuffle_content_types)),
                sql.Literal(shuffle_content_types),
            )
        )
        filled: set[str] = set()
        for path in generator_files():
            with progress.step(f"generating {path.stem}"):
                try:
                    conn.execute(path.read_text())
                except Exception as exc:
                    raise RuntimeError(f"{path.name}: {exc}") from exc
            for table, rows in _newly_filled(conn, filled):
                progress.say(f"  {table}: {rows:,} rows")
        counts = dict(conn.execute("select table_name, n from synthetic.counts order by table_name").fetchall())
    with connect(legacy_url, "legacy", autocommit=True) as conn, progress.step("analyzing the legacy database"):
        conn.execute("analyze")
    return counts
