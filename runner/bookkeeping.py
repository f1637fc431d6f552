"""The migration's own schemas, bookkeeping tables and functions (runner/sql/*.sql), created by
every sync before anything else; idempotent."""

from __future__ import annotations

from pathlib import Path

from psycopg import Connection

SQL_DIR = Path(__file__).resolve().parent / "sql"
FILES = ("bookkeeping.sql", "functions.sql")


def ensure_bookkeeping(conn: Connection) -> None:
    conn.execute("set client_min_messages = warning")
    # an extension installed in public by an earlier version moves to its own schema
    conn.execute(
        """
        do $$
        begin
            if exists (
                select from pg_extension where extname = 'postgres_fdw'
                and extnamespace = 'public'::regnamespace
            ) then
                create schema if not exists extensions;
                alter extension postgres_fdw set schema extensions;
            end if;
        end
        $$
        """
    )
    for name in FILES:
        conn.execute((SQL_DIR / name).read_text())
