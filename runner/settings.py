"""Where things are and which databases a command talks to.

A database is given as a libpq connection URL or key=value string; psycopg's conninfo parser
reads it (percent-encoding decoded, every query parameter kept). Each parameter is then carried
to every hop it applies to: the runner's own connections (psycopg, all of them), the dbt profile
(its own fields, else libpq's environment variable); the legacy URL goes to the dbt project as
LEGACY_DATABASE_URL, whose macros make the postgres_fdw server and user mapping from it
(macros/sync/sync_functions.sql). A parameter a hop cannot carry is refused with one sentence. The
password is never printed or written to a file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from psycopg import pq
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from runner.errors import EnvironmentProblem

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PORT = 55432
EMBEDDED_SUPERUSER = "migrator"
# the embedded cluster's two databases (pytest uses its own names, so it can share a cluster)
LEGACY_DB = os.environ.get("MIGRATION_LEGACY_DBNAME", "legacy")
TARGET_DB = os.environ.get("MIGRATION_TARGET_DBNAME", "target")

# the dbt-postgres profile fields that take a libpq parameter of the same meaning
DBT_PROFILE_FIELDS = {
    "host": "host",
    "port": "port",
    "user": "user",
    "password": "password",
    "dbname": "dbname",
    "sslmode": "sslmode",
    "sslcert": "sslcert",
    "sslkey": "sslkey",
    "sslrootcert": "sslrootcert",
    "connect_timeout": "connect_timeout",
    "keepalives_idle": "keepalives_idle",
    "application_name": "application_name",
}


def embedded_dir() -> Path:
    """The git-ignored folder that holds the embedded cluster (data, log, socket)."""
    return Path(os.environ.get("MIGRATION_EMBEDDED_DIR", PROJECT_ROOT / ".embedded")).resolve()


def embedded_port() -> int:
    raw = os.environ.get("MIGRATION_PG_PORT", str(DEFAULT_PORT))
    if not raw.isdigit() or not 1024 <= int(raw) <= 65535:
        raise EnvironmentProblem(
            f"MIGRATION_PG_PORT={raw!r} is not a port number; set it to a free port between 1024 and 65535."
        )
    return int(raw)


def embedded_url(dbname: str, port: int | None = None) -> str:
    return f"postgresql://{EMBEDDED_SUPERUSER}@127.0.0.1:{port or embedded_port()}/{dbname}"


def _libpq_env_vars() -> dict[str, str]:
    """libpq parameter -> the environment variable libpq reads it from."""
    return {opt.keyword.decode(): opt.envvar.decode() for opt in pq.Conninfo.get_defaults() if opt.envvar is not None}


@dataclass(frozen=True)
class Conninfo:
    """One database: its libpq parameters, parsed once."""

    what: str  # "legacy" or "target": names the option and variable in messages
    params: MappingProxyType[str, str] = field(repr=False)

    @classmethod
    def parse(cls, url: str, what: str) -> Conninfo:
        hint = f"correct --{what}-url or {what.upper()}_DATABASE_URL"
        if "://" in url and not url.startswith(("postgresql://", "postgres://")):
            raise EnvironmentProblem(
                f"The {what} URL is not of the form postgresql://<user>:<password>@<host>:<port>/<dbname>; {hint}."
            )
        try:
            params = conninfo_to_dict(url)
        except Exception as exc:  # psycopg.ProgrammingError: the message names the bad part
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "unreadable"
            raise EnvironmentProblem(f"The {what} URL cannot be read ({reason}); {hint}.") from exc
        if not params.get("dbname"):
            raise EnvironmentProblem(f"The {what} URL names no database; {hint}.")
        port = params.get("port", "5432")
        if not port.isdigit():
            raise EnvironmentProblem(f"The {what} URL has an invalid port ({port!r}); {hint}.")
        known = {opt.keyword.decode() for opt in pq.Conninfo.get_defaults()}
        unknown = sorted(set(params) - known)
        if unknown:
            raise EnvironmentProblem(f"The {what} URL has unknown parameter(s) {', '.join(unknown)}; {hint}.")
        params.setdefault("host", "127.0.0.1")
        params.setdefault("port", "5432")
        params.setdefault("user", os.environ.get("USER", "postgres"))
        return cls(what=what, params=MappingProxyType({k: str(v) for k, v in params.items()}))

    # -- the parts messages and the embedded cluster need -----------------------------------

    @property
    def host(self) -> str:
        return self.params["host"]

    @property
    def port(self) -> int:
        return int(self.params["port"])

    @property
    def user(self) -> str:
        return self.params["user"]

    @property
    def dbname(self) -> str:
        return self.params["dbname"]

    def redacted(self) -> str:
        """The database for a message: never the password."""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}"

    # -- hop 1: the runner's own connections (psycopg takes every libpq parameter) ----------

    def conninfo(self) -> str:
        return make_conninfo(**dict(self.params))

    # -- hop 2: dbt (dbt-postgres profile fields, else libpq's environment variables) -------

    def dbt_environment(self) -> dict[str, str]:
        """MIGRATION_TARGET_* for profiles.example.yml, PG* for what the profile has no field for."""
        env_vars = _libpq_env_vars()
        env: dict[str, str] = {}
        refused = []
        for key, value in self.params.items():
            if key in DBT_PROFILE_FIELDS:
                env[f"MIGRATION_TARGET_{DBT_PROFILE_FIELDS[key].upper()}"] = value
            elif key in env_vars:
                env[env_vars[key]] = value
            else:
                refused.append(key)
        if refused:
            raise EnvironmentProblem(
                f"The {self.what} URL parameter(s) {', '.join(sorted(refused))} cannot be passed to dbt "
                f"(no profile field and no libpq environment variable); remove them from --{self.what}-url."
            )
        return env


@dataclass(frozen=True)
class Databases:
    """The legacy and target databases of one command, and whether they are embedded."""

    legacy_url: str = field(repr=False)
    target_url: str = field(repr=False)
    embedded: bool

    @property
    def legacy(self) -> Conninfo:
        return Conninfo.parse(self.legacy_url, "legacy")

    @property
    def target(self) -> Conninfo:
        return Conninfo.parse(self.target_url, "target")


def resolve_databases(legacy_url: str | None, target_url: str | None) -> Databases:
    """Options win over environment variables; with neither, the embedded cluster is used."""
    legacy = legacy_url or os.environ.get("LEGACY_DATABASE_URL")
    target = target_url or os.environ.get("TARGET_DATABASE_URL")
    if bool(legacy) != bool(target):
        missing = "target" if legacy else "legacy"
        raise EnvironmentProblem(
            f"Only one database URL was given; pass --{missing}-url (or "
            f"{missing.upper()}_DATABASE_URL) too, or neither to use the embedded PostgreSQL."
        )
    if legacy and target:
        dbs = Databases(legacy, target, embedded=False)
        dbs.legacy.redacted()  # validates both URLs early
        dbs.target.redacted()
        return dbs
    return Databases(embedded_url(LEGACY_DB), embedded_url(TARGET_DB), embedded=True)
