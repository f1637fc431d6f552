"""Helpers the tests share (tests/__init__.py points the runner at the test cluster)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import psycopg.sql

from runner.settings import embedded_url

ROOT = Path(__file__).resolve().parent.parent

SCALE = 0.01
SEED = 7
# the team's report checker, vendored unchanged so that a fresh clone has everything it needs
CHECK_REPORT = ROOT / "tests" / "check_report.py"
TARGET_DIR = ROOT / os.environ.get("DBT_TARGET_PATH", "target")
REPORT_JSON = TARGET_DIR / "pytest-report.json"


SOURCES_YAML = ROOT / "models" / "staging" / "legacy" / "_legacy__sources.yml"


def contract() -> dict[str, dict[str, Any]]:
    """The legacy tables as the sources YAML declares them: {table: {columns: {name: type}, secret,
    unique_keys, json, modified}} (what the sync, the schema guard and the docs read)."""
    import yaml

    tables: dict[str, dict[str, Any]] = {}
    for source in yaml.safe_load(SOURCES_YAML.read_text())["sources"]:
        for table in source["tables"]:
            meta = (table.get("config") or {}).get("meta") or {}
            tables[table["name"]] = {
                "columns": {c["name"]: c["data_type"] for c in table["columns"]},
                "secret": bool(meta.get("secret")),
                "unique_keys": [tuple(k) for k in meta.get("unique_keys", [])],
                "json": {c["name"] for c in table["columns"] if (c.get("meta") or {}).get("json")},
                "modified": (table.get("config") or {}).get("loaded_at_field"),
            }
    return tables


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


TLS_ROLE = "tls_reader"
TLS_PASSWORD = "p@ss/w:rd?"  # every character that must be percent-encoded in a URL
TLS_ENCODED = quote(TLS_PASSWORD, safe="")


@dataclass(frozen=True)
class Shuffled:
    """The suite's second legacy database and target: content-type ids shuffled, built over TLS."""

    legacy_url: str  # as the suite's superuser, for the tests' own queries
    target_url: str
    tls_legacy_url: str  # what the build was given: TLS only, percent-encoded password
    tls_target_url: str
    build: subprocess.CompletedProcess[str]


def enable_tls(cluster: Any) -> None:
    """TLS on the test cluster (a self-signed certificate made with openssl) and a role that may
    only log in over TLS with its password, for the URL tests."""
    from runner.embedded import _os_user

    folder = cluster.root / "tls"
    key, cert = folder / "server.key", folder / "server.crt"
    user = _os_user()
    if not cert.exists():
        folder.mkdir(exist_ok=True)
        if user:
            import pwd

            entry = pwd.getpwnam(user)
            os.chown(folder, entry.pw_uid, entry.pw_gid)
        subprocess.run(
            [
                "openssl",
                "req",
                "-new",
                "-x509",
                "-days",
                "3650",
                "-nodes",
                "-subj",
                "/CN=127.0.0.1",
                "-keyout",
                str(key),
                "-out",
                str(cert),
            ],
            check=True,
            capture_output=True,
            user=user,
        )
        key.chmod(0o600)
    hba = cluster.datadir / "pg_hba.conf"
    rules = f"hostssl all {TLS_ROLE} 127.0.0.1/32 scram-sha-256\nhost all {TLS_ROLE} 127.0.0.1/32 reject\n"
    text = hba.read_text()
    if rules not in text:
        with hba.open("w") as handle:  # rewritten in place: the file keeps its owner
            handle.write(rules + text)
    with psycopg.connect(embedded_url("postgres"), autocommit=True) as conn:
        conn.execute("alter system set ssl = on")
        conn.execute(f"alter system set ssl_cert_file = '{cert}'")
        conn.execute(f"alter system set ssl_key_file = '{key}'")
        conn.execute("select pg_reload_conf()")
        conn.execute(
            f"do $$ begin if not exists (select from pg_roles where rolname = '{TLS_ROLE}') then "
            f"create role {TLS_ROLE} login superuser; end if; end $$"
        )
        conn.execute(
            psycopg.sql.SQL("alter role {} password {}").format(
                psycopg.sql.Identifier(TLS_ROLE), psycopg.sql.Literal(TLS_PASSWORD)
            )
        )


# -- what a `build --full-refresh` must keep (the `refreshed` fixture) ----------------------------

SUPABASE_CATALOG = """
select 'policies', count(*), sum(hashtext(p.oid::text || pg_get_expr(p.polqual, p.polrelid))) from pg_policy p
union all select 'constraints', count(*), sum(hashtext(oid::text || pg_get_constraintdef(oid))) from pg_constraint
    where connamespace = 'public'::regnamespace
union all select 'indexes', count(*), sum(indexrelid::int8) from pg_index
    where indrelid in (select oid from pg_class where relnamespace = 'public'::regnamespace)
union all select 'triggers', count(*), sum(oid::int8) from pg_trigger
    where not tgisinternal and tgrelid in (select oid from pg_class where relnamespace = 'public'::regnamespace)
union all select 'comments', count(*), sum(hashtext(description)) from pg_description
    where objoid in (select oid from pg_class where relnamespace = 'public'::regnamespace)
union all select 'auth users', count(*), sum(hashtext(id::text || email || updated_at::text)) from auth.users
union all select 'rls', count(*) filter (where relrowsecurity), count(*) from pg_class
    where relnamespace = 'public'::regnamespace and relkind = 'r'
"""


def marts(url: str) -> list[str]:
    """Every table of schema public: the marts."""
    return [r[0] for r in query(url, "select tablename from pg_tables where schemaname = 'public' order by 1")]


def uuid_state(url: str) -> tuple[set[tuple[Any, ...]], dict[str, set[tuple[Any, ...]]]]:
    """Every legacy id -> UUID mapping, and the ids of every table of schema public (the marts)."""
    mappings = set(query(url, "select entity_type, legacy_id, new_id from migration.migration_mappings"))
    return mappings, {m: set(query(url, f"select id from public.{m}")) for m in marts(url)}


def case_state(url: str) -> tuple[set[tuple[Any, ...]], ...]:
    """Which UUID every case has, and which case every order is in."""
    return (
        set(query(url, "select legacy_root_order_id, id from public.cases")),
        set(query(url, "select legacy_id, id, case_id from public.order_cases")),
        set(query(url, "select legacy_id, id from migration.map_cases")),
    )


@dataclass(frozen=True)
class Refreshed:
    """The shared target's state just before and just after one `build --full-refresh`."""

    before: dict[str, Any]
    after: dict[str, Any]


def refresh_state(url: str) -> dict[str, Any]:
    return {"uuids": uuid_state(url), "cases": case_state(url), "supabase": query(url, SUPABASE_CATALOG)}
