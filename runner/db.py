"""Connections with errors that say what is wrong and what to do."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from runner.errors import EnvironmentProblem
from runner.settings import Conninfo


def one_line(text: str) -> str:
    """libpq's multi-line message (a reason, then a hint indented with a tab) as one line."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


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
        reason = one_line(str(exc)) or "no answer"
        raise EnvironmentProblem(
            f"Cannot connect to the {what} database at {info.redacted()} ({reason}); check "
            f"--{what}-url / {what.upper()}_DATABASE_URL, or run `python -m runner up` for the "
            "embedded one."
        ) from exc
    with conn:
        yield conn
