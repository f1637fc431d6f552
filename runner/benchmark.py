"""Benchmark: time each phase of the job at a given scale and print the figures."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from dataclasses import dataclass

from runner.db import connect
from runner.settings import Databases


@dataclass(frozen=True)
class Phase:
    name: str
    seconds: float


def _timed(name: str, step: Callable[[], object], phases: list[Phase]) -> None:
    started = time.monotonic()
    step()
    phases.append(Phase(name, time.monotonic() - started))


def largest_targets(target_url: str, limit: int = 5) -> list[tuple[str, int]]:
    with connect(target_url, "target") as conn:
        return [
            (f"{schema}.{table}", int(rows))
            for schema, table, rows in conn.execute(
                """
                select schemaname, relname, n_live_tup
                from pg_stat_user_tables
                where schemaname = 'public'
                order by n_live_tup desc
                limit %s
                """,
                (limit,),
            )
        ]


def run(dbs: Databases, scale: float, seed: int) -> tuple[list[Phase], int]:
    """generate, attach, build (first), build (again: incremental); returns phases and legacy rows."""
    from runner.attach import attach
    from runner.build import build
    from runner.legacy.generate import generate

    phases: list[Phase] = []
    counts: dict[str, int] = {}
    _timed("legacy generate", lambda: counts.update(generate(dbs.legacy_url, scale, seed)), phases)
    _timed("attach", lambda: attach(dbs), phases)
    _timed("dbt build (first)", lambda: build(dbs.target), phases)
    _timed("dbt build (again)", lambda: build(dbs.target), phases)
    return phases, sum(counts.values())


def peak_memory_mib() -> float:
    """Peak resident memory of this process and of its finished children (Linux: KiB units)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024
