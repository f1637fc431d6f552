"""Attach the legacy database to the target through postgres_fdw.

Credentials go from the legacy URL straight into the user mapping; they are never written to a
file or printed. Secret tables are never imported, secret columns no model needs are dropped from
their foreign tables; schema legacy_rowcount holds zero-column
foreign tables of every legacy table, so that all of them can be counted without reading a value.
"""

from __future__ import annotations

from psycopg import Connection, sql

from runner.db import connect
from runner.errors import EnvironmentProblem
from runner.legacy.contract import column_drift
from runner.settings import Databases

SERVER = "legacy_server"
FOREIGN_SCHEMA = "legacy"
ROWCOUNT_SCHEMA = "legacy_rowcount"
SECRET_TABLES = (
    "dispatch_apitoken",
    "dispatch_passwordreset",
    "dispatch_userdevice",
    "django_session",
)
# columns no model needs that hold secrets: dropped from the foreign tables, so never fetched
SECRET_COLUMNS = {"auth_user": ("password",)}
FETCH_SIZE = 20000


def _live_columns(legacy_url: str) -> dict[str, set[str]]:
    with connect(legacy_url, "legacy") as conn:
        rows = conn.execute(
            """
            select c.table_name, c.column_name
            from information_schema.columns as c
            inner join information_schema.tables as t
                on t.table_schema = c.table_schema and t.table_name = c.table_name
            where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
            """
        ).fetchall()
    live: dict[str, set[str]] = {}
    for table, column in rows:
        live.setdefault(table, set()).add(column)
    return live


def _server_options(conn: Connection, dbs: Databases) -> None:
    legacy = dbs.legacy
    options = {
        "host": legacy.host,
        "port": str(legacy.port),
        "dbname": legacy.dbname,
        "fetch_size": str(FETCH_SIZE),
        "use_remote_estimate": "false",
    }
    exists = conn.execute("select 1 from pg_foreign_server where srvname = %s", (SERVER,)).fetchone()
    if exists:
        setters = sql.SQL(", ").join(
            sql.SQL("set {} {}").format(sql.Identifier(k), sql.Literal(v)) for k, v in options.items()
        )
        conn.execute(sql.SQL("alter server {} options ({})").format(sql.Identifier(SERVER), setters))
        conn.execute(sql.SQL("drop user mapping if exists for current_user server {}").format(sql.Identifier(SERVER)))
    else:
        pairs = sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(k), sql.Literal(v)) for k, v in options.items()
        )
        conn.execute(
            sql.SQL("create server {} foreign data wrapper postgres_fdw options ({})").format(
                sql.Identifier(SERVER), pairs
            )
        )
    mapping = {"user": legacy.user}
    if legacy.password:
        mapping["password"] = legacy.password
    pairs = sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(k), sql.Literal(v)) for k, v in mapping.items())
    conn.execute(
        sql.SQL("create user mapping for current_user server {} options ({})").format(sql.Identifier(SERVER), pairs)
    )


def attach(dbs: Databases) -> list[str]:
    """(Re)create the foreign schemas; returns the legacy tables imported."""
    live = _live_columns(dbs.legacy_url)
    if not live:
        raise EnvironmentProblem(
            "The legacy database has no tables in schema public; run `python -m runner legacy "
            "generate` or point --legacy-url at the legacy database."
        )
    drift = column_drift(live)
    if drift:
        raise EnvironmentProblem(
            "The legacy schema differs from the contract (runner/legacy/schema.sql): "
            + "; ".join(drift)
            + "; update the contract and the staging models for these columns, then attach again."
        )
    imported = sorted(t for t in live if t not in SECRET_TABLES)
    with connect(dbs.target_url, "target", autocommit=True) as conn:
        conn.execute("set client_min_messages = warning")
        conn.execute("create extension if not exists postgres_fdw")
        _server_options(conn, dbs)
        with conn.transaction():
            for schema in (FOREIGN_SCHEMA, ROWCOUNT_SCHEMA):
                conn.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(schema)))
                conn.execute(sql.SQL("create schema {}").format(sql.Identifier(schema)))
            conn.execute(
                sql.SQL("import foreign schema public except ({}) from server {} into {}").format(
                    sql.SQL(", ").join(sql.Identifier(t) for t in SECRET_TABLES),
                    sql.Identifier(SERVER),
                    sql.Identifier(FOREIGN_SCHEMA),
                )
            )
            for table, columns in SECRET_COLUMNS.items():
                for column in columns:
                    conn.execute(
                        sql.SQL("alter foreign table {}.{} drop column if exists {}").format(
                            sql.Identifier(FOREIGN_SCHEMA), sql.Identifier(table), sql.Identifier(column)
                        )
                    )
            for table in sorted(live):
                conn.execute(
                    sql.SQL(
                        "create foreign table {}.{} () server {} options (schema_name 'public', table_name {})"
                    ).format(
                        sql.Identifier(ROWCOUNT_SCHEMA),
                        sql.Identifier(table),
                        sql.Identifier(SERVER),
                        sql.Literal(table),
                    )
                )
        try:
            conn.execute(
                sql.SQL("select count(*) from {}.{}").format(
                    sql.Identifier(ROWCOUNT_SCHEMA), sql.Identifier(imported[0])
                )
            )
        except Exception as exc:
            reason = str(exc).strip().splitlines()[0]
            raise EnvironmentProblem(
                f"The target database cannot read the legacy database through postgres_fdw "
                f"({reason}); make sure the legacy host in --legacy-url is reachable from the "
                "target server with those credentials."
            ) from exc
    return imported
