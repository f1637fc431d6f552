"""Attach the legacy database to the target through postgres_fdw, after checking its live schema.

Every sync calls `check_live_schema` (the live legacy catalog against the coverage manifest and
the column contract) and then `attach` (server options and user mapping from the command's legacy
URL, foreign schemas imported afresh). Credentials go from the URL straight into the user mapping;
they are never written to a file or printed. Secret tables are never imported and secret columns
are dropped from their foreign tables; schema legacy_rowcount holds zero-column foreign tables of
every legacy table, so that all of them can be counted without reading a value. Both foreign
schemas are readable by the migration's own role only.
"""

from __future__ import annotations

from psycopg import Connection, sql

from runner.db import connect, fdw_problem, first_line, is_fdw_connection_error
from runner.errors import EnvironmentProblem
from runner.legacy.contract import column_drift
from runner.project import read_manifest
from runner.settings import Conninfo, Databases

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
FETCH_SIZE = 50000


def live_schema(legacy_url: str) -> dict[str, dict[str, str]]:
    """{table: {column: type}} of the legacy database's base tables in schema public."""
    with connect(legacy_url, "legacy") as conn:
        rows = conn.execute(
            """
            select c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
            from pg_class as c
            inner join pg_attribute as a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
            where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
            order by c.relname, a.attnum
            """
        ).fetchall()
    live: dict[str, dict[str, str]] = {}
    for table, column, data_type in rows:
        live.setdefault(table, {})[column] = data_type
    return live


def live_uniques(legacy_url: str) -> dict[str, list[tuple[str, ...]]]:
    """{table: [(column, ...), ...]}: the unique constraints of the legacy tables (not the keys)."""
    with connect(legacy_url, "legacy") as conn:
        rows = conn.execute(
            """
            select c.conrelid::regclass::text, array_agg(a.attname::text order by k.ord)
            from pg_constraint as c
            cross join lateral unnest(c.conkey) with ordinality as k (attnum, ord)
            join pg_attribute as a on a.attrelid = c.conrelid and a.attnum = k.attnum
            where c.contype = 'u' and c.connamespace = 'public'::regnamespace
            group by c.oid, c.conrelid
            order by 1, 2
            """
        ).fetchall()
    found: dict[str, list[tuple[str, ...]]] = {}
    for table, columns in rows:
        found.setdefault(table.split(".")[-1], []).append(tuple(columns))
    return found


def check_live_schema(live: dict[str, dict[str, str]]) -> None:
    """The live legacy tables and columns are those the project knows, or one sentence says why not."""
    if not live:
        raise EnvironmentProblem(
            "The legacy database has no tables in schema public; run `python -m runner legacy "
            "generate` or point --legacy-url at the legacy database."
        )
    listed = set(read_manifest())
    unlisted = sorted(set(live) - listed)
    if unlisted:
        raise EnvironmentProblem(
            f"The legacy database has table(s) {', '.join(unlisted)} that the coverage manifest "
            "seeds/legacy_coverage.csv does not list; add a row per table with its disposition "
            "(migrated, merged or excluded), target(s) and reason, then sync again."
        )
    vanished = sorted(listed - set(live))
    if vanished:
        raise EnvironmentProblem(
            f"The coverage manifest seeds/legacy_coverage.csv lists table(s) {', '.join(vanished)} that "
            "the legacy database does not have; check that --legacy-url points at the right database, "
            "or remove the rows, then sync again."
        )
    drift = column_drift({table: set(columns) for table, columns in live.items()})
    if drift:
        raise EnvironmentProblem(
            "The legacy schema differs from the contract (runner/legacy/schema.sql): "
            + "; ".join(drift)
            + "; update the contract and the staging models for these columns, then sync again."
        )


def _options(pairs: dict[str, str]) -> sql.Composable:
    return sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(k), sql.Literal(v)) for k, v in pairs.items())


def _server(conn: Connection, legacy: Conninfo) -> None:
    """The FDW server and this role's user mapping, both exactly as the legacy URL says."""
    server_options, mapping_options = legacy.fdw_options()
    server_options |= {"fetch_size": str(FETCH_SIZE), "use_remote_estimate": "false"}
    conn.execute("create extension if not exists postgres_fdw schema extensions")
    conn.execute(sql.SQL("drop server if exists {} cascade").format(sql.Identifier(SERVER)))
    try:
        with conn.transaction():
            conn.execute(
                sql.SQL("create server {} foreign data wrapper postgres_fdw options ({})").format(
                    sql.Identifier(SERVER), _options(server_options)
                )
            )
            conn.execute(
                sql.SQL("create user mapping for current_user server {} options ({})").format(
                    sql.Identifier(SERVER), _options(mapping_options)
                )
            )
    except Exception as exc:
        raise EnvironmentProblem(
            f"postgres_fdw refused the legacy URL's parameters ({first_line(exc)}); remove or correct "
            "that parameter in --legacy-url."
        ) from exc


def _foreign_schemas(conn: Connection, live: dict[str, dict[str, str]]) -> list[str]:
    imported = sorted(t for t in live if t not in SECRET_TABLES)
    for schema in (FOREIGN_SCHEMA, ROWCOUNT_SCHEMA):
        conn.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(schema)))
        conn.execute(sql.SQL("create schema {}").format(sql.Identifier(schema)))
        conn.execute(sql.SQL("revoke all on schema {} from public").format(sql.Identifier(schema)))
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
            sql.SQL("create foreign table {}.{} () server {} options (schema_name 'public', table_name {})").format(
                sql.Identifier(ROWCOUNT_SCHEMA), sql.Identifier(table), sql.Identifier(SERVER), sql.Literal(table)
            )
        )
    return imported


def attach_in(conn: Connection, legacy: Conninfo, live: dict[str, dict[str, str]]) -> list[str]:
    """(Re)create the FDW server, user mapping and foreign schemas in the caller's transaction and
    prove the target server can read the legacy database; returns the imported tables."""
    _server(conn, legacy)
    try:
        with conn.transaction():
            imported = _foreign_schemas(conn, live)
            conn.execute(
                sql.SQL("select count(*) from {}.{}").format(
                    sql.Identifier(ROWCOUNT_SCHEMA), sql.Identifier(imported[0])
                )
            )
    except Exception as exc:
        if is_fdw_connection_error(exc):
            raise fdw_problem(exc, legacy) from exc
        raise
    return imported


def attach(dbs: Databases) -> list[str]:
    """`runner attach`: check the live schema, then attach (nothing is copied)."""
    live = live_schema(dbs.legacy_url)
    check_live_schema(live)
    from runner.bookkeeping import ensure_bookkeeping

    with connect(dbs.target_url, "target") as conn:
        conn.execute("set client_min_messages = warning")
        ensure_bookkeeping(conn)
        return attach_in(conn, dbs.legacy, live)
