"""Connections with errors that say what is wrong and what to do."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from runner.errors import EnvironmentProblem
from runner.settings import Conninfo


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@contextmanager
def connect(url: str, what: str, *, autocommit: bool = False) -> Iterator[psycopg.Connection]:
    """Open a connection; an unreachable or refused database is an environment problem."""
    info = Conninfo.parse(url, what)
    try:
        conn = psycopg.connect(info.conninfo(), autocommit=autocommit, connect_timeout=10)
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else "no answer"
        raise EnvironmentProblem(
            f"Cannot connect to the {what} database at {info.redacted()} ({reason}); check "
            f"--{what}-url / {what.upper()}_DATABASE_URL, or run `python -m runner up` for the "
            "embedded one."
        ) from exc
    with conn:
        yield conn


def is_fdw_connection_error(exc: BaseException) -> bool:
    """The target server could not open (or lost) its postgres_fdw connection to the legacy one."""
    sqlstate = getattr(exc, "sqlstate", None) or ""
    return sqlstate.startswith(("08", "28", "HV")) or "could not connect to server" in str(exc)


def fdw_problem(exc: BaseException, legacy: Conninfo) -> EnvironmentProblem:
    diag = getattr(exc, "diag", None)
    detail = (getattr(diag, "message_detail", None) or "").strip().splitlines()
    reason = detail[-1] if detail else first_line(exc)
    return EnvironmentProblem(
        f"The target server could not reach the legacy database {legacy.redacted()} through "
        f"postgres_fdw (hop target -> legacy: {reason.rstrip('.')}); the legacy URL must work from the "
        "target server itself (its host, credentials and TLS files), correct --legacy-url."
    )
