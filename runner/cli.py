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
@click.option("--quiet", is_flag=True, help="Print results only, no progress lines (for CI logs).")
@click.pass_context
def main(ctx: click.Context, quiet: bool) -> None:
    """Migrate the legacy dispatch database into the UUID-keyed schema, provably."""
    from runner.progress import Progress

    ctx.obj = Progress(quiet=quiet)


def progress() -> Any:
    """The Progress of this invocation (--quiet or not)."""
    return click.get_current_context().find_root().obj


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
    """Say whether the embedded PostgreSQL exists and runs, its users and databases, and which
    databases the commands use."""
    from runner.embedded import Cluster

    cluster = Cluster.default()
    if not cluster.is_initialised():
        click.echo(f"embedded PostgreSQL: not created (would live in {cluster.datadir})")
    elif cluster.is_running():
        click.echo(f"embedded PostgreSQL: running on 127.0.0.1:{cluster.port} (data in {cluster.datadir})")
        roles, databases = cluster.inventory()
        click.echo("users:")
        for name, what in roles:
            click.echo(f"  {name:<16} {what}")
        click.echo("databases:")
        for name, size in databases:
            click.echo(f"  {name:<20} {size:>10}")
    else:
        click.echo(f"embedded PostgreSQL: stopped (data in {cluster.datadir})")
    dbs = resolve_databases(None, None)
    source = "the embedded PostgreSQL" if dbs.embedded else "LEGACY_DATABASE_URL and TARGET_DATABASE_URL"
    click.echo(f"commands without --legacy-url/--target-url use {source}:")
    click.echo(f"  legacy {dbs.legacy.redacted()}")
    click.echo(f"  target {dbs.target.redacted()}")


@main.group()
def legacy() -> None:
    """The synthetic legacy database."""


@legacy.command()
@click.option("--scale", type=float, default=0.01, show_default=True, help="1 = production size.")
@click.option("--seed", type=int, default=42, show_default=True)
@click.option(
    "--shuffle-content-types",
    is_flag=True,
    help="django_content_type ids in another order than the default (generic foreign keys follow).",
)
@database_options
def generate(dbs: Databases, scale: float, seed: int, shuffle_content_types: bool) -> None:
    """Create and fill the synthetic legacy database (replaces an earlier synthetic one)."""
    from runner.legacy.generate import generate as run

    started = time.monotonic()
    counts = run(dbs.legacy_url, scale, seed, progress(), shuffle_content_types=shuffle_content_types)
    click.echo(
        f"legacy database generated: {len(counts)} tables, {sum(counts.values()):,} rows, "
        f"scale {scale}, seed {seed}, {time.monotonic() - started:.1f}s"
    )


@main.command()
@database_options
def attach(dbs: Databases) -> None:
    """Attach the legacy database to the target through postgres_fdw (schema `legacy`)."""
    from runner.build import attach as run

    tables = run(dbs, progress())
    click.echo(f"attached {tables} legacy tables as foreign tables in schema legacy")


@main.command()
@click.option("--full-refresh", is_flag=True, help="Classify every legacy row again; UUIDs and marts stay.")
@click.option(
    "--full-compare",
    is_flag=True,
    help="Compare every legacy row's content hash (catches changes that never bumped `modified`) and test every row.",
)
@click.option(
    "--restore-drift",
    is_flag=True,
    help="Write the migration's values back over rows of the marts someone else changed "
    "(the overwritten values stay in migration.target_writes).",
)
@click.option(
    "--after-cutover",
    is_flag=True,
    help="DANGEROUS: sync although the target was cut over to the application (legacy rows overwrite "
    "the application's edits of them).",
)
@database_options
def build(dbs: Databases, full_refresh: bool, full_compare: bool, restore_drift: bool, after_cutover: bool) -> None:
    """Sync: read what changed in the legacy database, then build and test what depends on it."""
    from runner.build import build as run
    from runner.build import require_ok

    outcome = run(
        dbs,
        "build",
        full_refresh=full_refresh,
        full_compare=full_compare,
        restore_drift=restore_drift,
        after_cutover=after_cutover,
        progress=progress(),
    )
    _print_sync(outcome)
    require_ok(outcome)


def _print_sync(outcome: Any) -> None:
    changed = [t for t in outcome.tables if t["full_copy"] or t["inserted"] or t["updated"] or t["deleted"]]
    summary = ", ".join(
        f"{t['source_table']} +{t['inserted']} ~{t['updated']} -{t['deleted']}" for t in changed if not t["full_copy"]
    )
    copied = sum(1 for t in changed if t["full_copy"])
    click.echo(
        f"run {outcome.run_seq}: {outcome.status}"
        + (" (no change)" if outcome.no_change else "")
        + (f"; {copied} table(s) copied whole" if copied else "")
        + (f"; changed: {summary}" if summary else "")
    )


def _report(dbs: Databases, json_path: str | None, html_path: str | None, run_seq: int | None = None) -> None:
    from pathlib import Path

    from runner import html_report
    from runner.report import collect, render, write_json

    with progress().step("collecting the reconciliation report", brief=True):
        report = collect(dbs.target_url, run_seq)
    click.echo(render(report))
    if json_path:
        write_json(report, Path(json_path))
        click.echo(f"report written to {json_path}")
    if html_path:
        html_report.write(report, Path(html_path))
        click.echo(f"HTML report written to {html_path}")
    if report["status"] != "ok":
        raise ChecksFailed("the reconciliation has unexplained rows or failed tests; see the table above.")


HTML_HELP = "Also write the report as one self-contained HTML file."


@main.command()
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Also write the report as JSON.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help=HTML_HELP)
@click.option(
    "--run", "run_seq", type=int, help="The run to report (migration.runs.run_seq); default: the latest build."
)
@database_options
def report(dbs: Databases, json_path: str | None, html_path: str | None, run_seq: int | None) -> None:
    """Print the reconciliation of one run per legacy table; exit 1 when the run failed, a row is
    unexplained or money does not balance."""
    _report(dbs, json_path, html_path, run_seq)


@main.command()
@click.option("--scale", type=float, default=0.01, show_default=True, help="1 = production size.")
@click.option("--seed", type=int, default=42, show_default=True)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False),
    help="Also write the report as JSON, and as HTML next to it (same name, .html).",
)
@database_options
def demo(dbs: Databases, scale: float, seed: int, json_path: str | None) -> None:
    """The whole job: synthetic legacy database, attach, dbt build, report."""
    from pathlib import Path

    from runner.build import build as run_build
    from runner.legacy.generate import fingerprint, generated_fingerprint
    from runner.legacy.generate import generate as run_generate

    started = time.monotonic()
    regenerated = generated_fingerprint(dbs.legacy_url) != fingerprint(scale, seed)
    if regenerated:
        counts = run_generate(dbs.legacy_url, scale, seed, progress())
        click.echo(f"legacy database generated: {sum(counts.values()):,} rows in {len(counts)} tables")
    else:
        click.echo(f"legacy database already holds scale {scale}, seed {seed}: kept")
    # a regenerated legacy database changed every row without `modified` saying so: compare them all
    outcome = run_build(dbs, "demo", full_compare=regenerated, progress=progress())
    _print_sync(outcome)
    _report(dbs, json_path, str(Path(json_path).with_suffix(".html")) if json_path else None)
    click.echo(f"demo finished in {time.monotonic() - started:.1f}s")


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("dbt_args", nargs=-1, type=click.UNPROCESSED)
@database_options
def dbt(dbs: Databases, dbt_args: tuple[str, ...]) -> None:
    """Run any dbt command against the target, e.g. `python -m runner dbt docs generate`."""
    from runner.dbt import run_dbt

    if not dbt_args:
        raise EnvironmentProblem("Name a dbt command, e.g. `python -m runner dbt test --select orders`.")
    result = run_dbt(dbs, *dbt_args)
    if not result.success:
        raise ChecksFailed(f"dbt {dbt_args[0]} did not succeed; see dbt's output above.")


@main.command()
@database_options
def coverage(dbs: Databases) -> None:
    """Print the coverage manifest against the live legacy database; exit 1 when they disagree."""
    from runner.coverage import compare, render

    rows = compare(dbs, progress())
    click.echo(render(rows))
    problems = [r for r in rows if r.problem]
    if problems:
        fixes = []
        if any(not r.schema_problems for r in problems):
            fixes.append(
                "list each legacy table in seeds/legacy_coverage.csv, or remove the rows of tables that no longer exist"
            )
        if any(r.schema_problems for r in problems):
            fixes.append(
                "declare each column as the legacy database has it in models/staging/legacy/_legacy__sources.yml"
            )
        raise ChecksFailed(
            f"{len(problems)} table(s) differ between the project and the legacy database "
            f"({', '.join(r.source_table for r in problems[:5])}); {'; '.join(fixes)}."
        )


@main.command()
@click.option(
    "--freeze-seconds",
    type=click.FloatRange(min=0),
    default=60,
    show_default=True,
    help="How long the legacy database must stay unchanged before the final sync.",
)
@click.option("--rehearse", is_flag=True, help="Do everything but record the cutover; project the final sync's time.")
@click.option(
    "--window-hours",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="With --rehearse: the legacy changes the final sync catches up on, as hours of the history's rate.",
)
@database_options
def cutover(dbs: Databases, freeze_seconds: float, rehearse: bool, window_hours: float) -> None:
    """Cutover day: prove the legacy database frozen, run the final full-compare sync, verify it and
    record the cutover (after which `build` refuses)."""
    from runner.cutover import cutover as run

    done = run(dbs, freeze_seconds=freeze_seconds, rehearse=rehearse, window_hours=window_hours, progress=progress())
    ledger = done.ledger
    click.echo(
        f"{'rehearsal' if rehearse else 'cutover'}: run {done.run_seq} verified in {done.sync_seconds:.1f} s; "
        f"the legacy database was frozen for {done.freeze_seconds:g} s and during the sync "
        f"(fingerprint {done.fingerprint}); "
        f"{ledger['source_rows']:,} legacy rows = {ledger['migrated_rows']:,} migrated + {ledger['rejected_rows']:,} "
        f"rejected + {ledger['excluded_rows']:,} excluded, {ledger['unexplained_rows']:,} unexplained"
    )
    if done.recorded:
        click.echo("recorded in migration.cutovers: from now on `python -m runner build` refuses to sync")
    if done.projection is not None:
        p = done.projection
        per_change = f"{p.seconds_per_change * 1000:.2f} ms" if p.seconds_per_change is not None else "unknown"
        click.echo(
            f"projected final sync: {p.total_seconds:.1f} s = {p.sync_seconds:.1f} s for a full-compare sync + the "
            f"changes of {p.window_hours:g} h at the history's rate, {per_change} per change:"
        )
        for t in p.tables:
            if t["expected_changes"]:
                click.echo(
                    f"  {t['source_table']}: {t['changes_per_hour']:,.1f}/h -> {t['expected_changes']:,} changes, "
                    f"{t['seconds']:.1f} s"
                )


@main.command()
@click.option("--scale", type=float, default=0.1, show_default=True, help="1 = production size.")
@click.option("--seed", type=int, default=42, show_default=True)
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Also write the figures as JSON.")
@database_options
def benchmark(dbs: Databases, scale: float, seed: int, json_path: str | None) -> None:
    """Time, in one run on the same legacy data: the fdw copy floor, pgloader, the full build, a
    no-change sync and a sync after a 1 % mutation, each as a ratio; scans and peak memory."""
    from pathlib import Path

    from runner.benchmark import render, run, write_json

    figures = run(dbs, scale, seed, progress())
    click.echo(render(figures))
    if json_path:
        write_json(figures, Path(json_path))
        click.echo(f"figures written to {json_path}")


@main.command()
@click.option(
    "--base", "base_ref", required=True, help="The git ref to compare the working tree with, e.g. origin/main."
)
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Also write the review as JSON.")
@click.option(
    "--markdown", "markdown_path", type=click.Path(dir_okay=False), help="Also write the Markdown (a PR comment)."
)
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Also write the review as one HTML file.")
@click.option(
    "--keep",
    is_flag=True,
    help="Keep the scratch databases (<target>_review_base, _review_head); "
    "the next review of the same base reuses the base.",
)
@database_options
def review(
    dbs: Databases,
    base_ref: str,
    json_path: str | None,
    markdown_path: str | None,
    html_path: str | None,
    keep: bool,
) -> None:
    """What the working tree does to the data against --base, on one legacy snapshot, in scratch
    databases: compiled-SQL and DDL diff, data diff by primary key, ledger movements, UUID, test
    and money changes; exit 1 when a UUID moves or a row is left unexplained."""
    from pathlib import Path

    from runner import review_render
    from runner.review import review as run

    result = run(dbs, base_ref, keep=keep, progress=progress())
    text = review_render.markdown(result)
    click.echo(text)
    if json_path:
        review_render.write_json(result, Path(json_path))
    if markdown_path:
        Path(markdown_path).write_text(text)
    if html_path:
        Path(html_path).write_text(review_render.html(result))
    if result["status"] != "ok":
        raise ChecksFailed(
            f"the change {'; '.join(result['problems'])}; see the review above and fix the branch before merging."
        )
