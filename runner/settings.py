"""Where things are and which databases a command talks to."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from runner.errors import EnvironmentProblem

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PORT = 55432
EMBEDDED_SUPERUSER = "migrator"
LEGACY_DB = "legacy"
TARGET_DB = "target"


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


@dataclass(frozen=True)
class Conninfo:
    """The parts of a postgresql:// URL that postgres_fdw and dbt need."""

    host: str
    port: int
    user: str
    password: str
    dbname: str

    @classmethod
    def parse(cls, url: str, what: str) -> Conninfo:
        parts = urlsplit(url)
        if parts.scheme not in ("postgresql", "postgres") or not parts.path.strip("/"):
            raise EnvironmentProblem(
                f"The {what} URL is not of the form postgresql://user:password@host:port/dbname; "
                f"correct --{what}-url or {what.upper()}_DATABASE_URL."
            )
        try:
            port = parts.port or 5432
        except ValueError as exc:
            raise EnvironmentProblem(
                f"The {what} URL has an invalid port; correct --{what}-url or {what.upper()}_DATABASE_URL."
            ) from exc
        return cls(
            host=parts.hostname or "127.0.0.1",
            port=port,
            user=parts.username or os.environ.get("USER", "postgres"),
            password=parts.password or "",
            dbname=parts.path.strip("/"),
        )

    def redacted(self) -> str:
        return f"postgresql://{quote(self.user)}@{self.host}:{self.port}/{self.dbname}"


@dataclass(frozen=True)
class Databases:
    """The legacy and target database URLs of one command, and whether they are embedded."""

    legacy_url: str
    target_url: str
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
