"""Command line: thin click commands over the runner's modules.

Exit codes: 0 success, 1 failed checks, 2 usage or environment error (one sentence on stderr).
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from typing import Any

import click

from runner.errors import ChecksFailed, EnvironmentProblem
from runner.settings import Databases, resolve_databases


def _fail(message: str, code: int) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


class Group(click.Group):
    """Turns our exceptions into exit codes; click's own usage errors already exit 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except EnvironmentProblem as exc:
            _fail(str(exc), 2)
        except ChecksFailed as exc:
            _fail(str(exc), 1)


def database_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--legacy-url/--target-url (or LEGACY_DATABASE_URL/TARGET_DATABASE_URL) for a command."""

    @click.option("--legacy-url", envvar="LEGACY_DATABASE_URL", help="Legacy database URL.")
    @click.option("--target-url", envvar="TARGET_DATABASE_URL", help="Target database URL.")
    @functools.wraps(fn)
    def wrapper(legacy_url: str | None, target_url: str | None, **kwargs: Any) -> Any:
        dbs = resolve_databases(legacy_url, target_url)
        if dbs.embedded:
            from runner.embedded import Cluster

            Cluster.default().up()
        return fn(dbs=dbs, **kwargs)

    return wrapper


@click.group(cls=Group)
def main() -> None:
    """Migrate the legacy dispatch database into the UUID-keyed schema, provably."""


@main.command()
def up() -> None:
    """Start the embedded PostgreSQL (initdb on first use) and create its databases."""
    from runner.embedded import Cluster

    cluster = Cluster.default()
    created = cluster.init()
    cluster.start()
    cluster.ensure_databases()
    click.echo(
        f"embedded PostgreSQL {'created and ' if created else ''}running on 127.0.0.1:{cluster.port} "
        f"(data in {cluster.datadir})"
    )


@main.command()
def down() -> None:
    """Stop the embedded PostgreSQL (its data stays)."""
    from runner.embedded import Cluster

    cluster = Cluster.default()
    click.echo("stopped" if cluster.stop() else "not running")


@main.command()
def status() -> None:
    """Say whether the embedded PostgreSQL exists and runs."""
    from runner.embedded import Cluster

    cluster = Cluster.default()
    if not cluster.is_initialised():
        click.echo(f"not created (would live in {cluster.datadir})")
    elif cluster.is_running():
        click.echo(f"running on 127.0.0.1:{cluster.port} (data in {cluster.datadir})")
    else:
        click.echo(f"stopped (data in {cluster.datadir})")


@main.group()
def legacy() -> None:
    """The synthetic legacy database."""


@legacy.command()
@click.option("--scale", type=float, default=0.01, show_default=True, help="1 = production size.")
@click.option("--seed", type=int, default=42, show_default=True)
@database_options
def generate(dbs: Databases, scale: float, seed: int) -> None:
    """Create and fill the synthetic legacy database (replaces an earlier synthetic one)."""
    from runner.legacy.generate import generate as run

    started = time.monotonic()
    counts = run(dbs.legacy_url, scale, seed)
    click.echo(
        f"legacy database generated: {len(counts)} tables, {sum(counts.values()):,} rows, "
        f"scale {scale}, seed {seed}, {time.monotonic() - started:.1f}s"
    )
