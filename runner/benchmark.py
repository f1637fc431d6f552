"""Benchmark: one run, one legacy dataset, every figure as a ratio (see README, "Benchmark").

Phases, in this order, on the embedded cluster:
  floor          CTAS of every imported foreign table through postgres_fdw (the copy floor)
  pgloader       pgloader copying the same tables pg -> pg (create tables and indexes, no checks)
  full build     `runner build` on an empty target (snapshot, models, every test)
  no-change sync `runner build` again, nothing changed in the legacy database
  mutation sync  `runner build` after MUTATION: in each of the three largest tables, 1 % of the rows
                 updated (modified bumped), 0.1 % deleted, 1 % inserted
  small mutation `runner build` after a tenth of MUTATION (0.1 % updated, 0.01 % deleted, 0.1 %
                 inserted, other rows): its cost must follow the changes, not the tables
The card-number scan is timed on its own (the sync's detection over every snapshot text column,
and the marts' no_card_numbers tests of the full build). Peak memory is sampled every 0.2 s: the
runner's resident set, and the server's proportional set size summed over its processes.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from psycopg import sql

from runner.db import connect
from runner.errors import EnvironmentProblem
from runner.progress import Progress
from runner.settings import Databases

MUTATED_TABLES = 3
MUTATION = {"update": 0.01, "delete": 0.001, "insert": 0.01}


@dataclass
class Figures:
    scale: float
    seed: int
    legacy_rows: int = 0
    generate_s: float = 0.0
    floor_s: float = 0.0
    pgloader_s: float | None = None
    pgloader_note: str = ""
    full_build_s: float = 0.0
    no_change_sync_s: float = 0.0
    mutation_sync_s: float = 0.0
    mutation: dict[str, dict[str, int]] = field(default_factory=dict)
    small_mutation_sync_s: float = 0.0
    small_mutation: dict[str, dict[str, int]] = field(default_factory=dict)
    slowest_nodes: list[tuple[str, float]] = field(default_factory=list)
    scan_s: float = 0.0
    runner_peak_mib: float = 0.0
    server_peak_mib: float = 0.0
    largest_targets: list[tuple[str, int]] = field(default_factory=list)


class MemorySampler:
    """Peak memory of this process tree and of the PostgreSQL server, sampled in a thread."""

    def __init__(self, server_pid: int | None) -> None:
        self.server_pid = server_pid
        self.server_peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _pss_kib(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1])
        except OSError:
            return 0
        return 0

    def _server_kib(self) -> int:
        if self.server_pid is None:
            return 0
        pids = [self.server_pid]
        children = Path(f"/proc/{self.server_pid}/task/{self.server_pid}/children")
        if children.exists():
            pids += [int(p) for p in children.read_text().split()]
        return sum(self._pss_kib(p) for p in pids)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.server_peak_kib = max(self.server_peak_kib, self._server_kib())

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @staticmethod
    def runner_peak_mib() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        return max(own, children) / 1024


def _timed(step: Callable[[], object]) -> float:
    started = time.monotonic()
    step()
    return time.monotonic() - started


def _floor(target_url: str) -> None:
    """CTAS of every imported foreign table: what any postgres_fdw copy of the legacy data costs."""
    with connect(target_url, "target", autocommit=True) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "select foreign_table_name from information_schema.foreign_tables "
                "where foreign_table_schema = 'legacy' order by 1"
            )
        ]
        conn.execute("drop schema if exists benchmark_floor cascade")
        conn.execute("create schema benchmark_floor")
        for table in tables:
            conn.execute(
                sql.SQL("create table benchmark_floor.{t} as select * from legacy.{t}").format(t=sql.Identifier(table))
            )
        conn.execute("drop schema benchmark_floor cascade")


def _readable_tables(target_url: str) -> list[str]:
    """The legacy tables attached with their columns (a secret table is attached without any)."""
    with connect(target_url, "target") as conn:
        return [
            r[0]
            for r in conn.execute(
                "select distinct table_name from information_schema.columns where table_schema = 'legacy' order by 1"
            )
        ]


def _pgloader(dbs: Databases, tables: list[str], scratch_url: str) -> None:
    legacy, scratch = dbs.legacy, Databases(dbs.legacy_url, scratch_url, embedded=True).target
    names = ", ".join(f"'{t}'" for t in tables)
    command = (
        f"LOAD DATABASE\n FROM pgsql://{legacy.user}@{legacy.host}:{legacy.port}/{legacy.dbname}\n"
        f" INTO pgsql://{scratch.user}@{scratch.host}:{scratch.port}/{scratch.dbname}\n"
        # pgloader's defaults prefetch 100,000 rows per table, which exhausts its 1 GB heap on the
        # wide JSON tables at scale 1 ("Heap exhausted, game over"); smaller batches keep it in
        " WITH include drop, create tables, create indexes, no foreign keys, reset sequences,"
        " prefetch rows = 10000, batch rows = 5000\n"
        f" INCLUDING ONLY TABLE NAMES MATCHING {names} IN SCHEMA 'public';\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        load = Path(folder) / "copy.load"
        load.write_text(command)
        result = subprocess.run(
            ["pgloader", str(load)], stdin=subprocess.DEVNULL, capture_output=True, text=True, cwd=folder, check=False
        )
    if result.returncode != 0:
        raise EnvironmentProblem(
            f"pgloader failed ({_pgloader_error(result.stdout + result.stderr)}); run pgloader by hand "
            "on the same two databases to see its whole log."
        )


def _pgloader_error(log: str) -> str:
    """The line of pgloader's log that says what went wrong (its last line is often its debugger's)."""
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    telling = [line for line in lines if "ERROR" in line or "FATAL" in line or "exhausted" in line]
    return (telling or lines or ["no output"])[0]


def _mutate(legacy_url: str, fraction: float = 1.0, offset: int = 0) -> dict[str, dict[str, int]]:
    """The documented mutation times fraction, set-based, on the three largest tables that have
    `modified`; offset picks other rows (id modulo) for a second mutation."""
    done: dict[str, dict[str, int]] = {}
    with connect(legacy_url, "legacy") as conn:
        largest = [
            r[0]
            for r in conn.execute(
                """
                select c.relname from pg_class as c
                where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
                  and exists (select from pg_attribute a where a.attrelid = c.oid and a.attname = 'modified')
                  and c.relname like 'dispatch\\_%%'
                order by c.reltuples desc limit %s
                """,
                (MUTATED_TABLES,),
            )
        ]
        for table in largest:
            t = sql.Identifier(table)
            columns = [
                r[0]
                for r in conn.execute(
                    "select attname from pg_attribute where attrelid = %s::regclass and attnum > 0 "
                    "and not attisdropped and attname not in ('id', 'modified') order by attnum",
                    (f"public.{table}",),
                )
            ]
            rows, top = conn.execute(sql.SQL("select count(*), max(id) from public.{}").format(t)).fetchone()
            every_update, every_delete, every_insert = (
                max(1, round(1 / (MUTATION[k] * fraction))) for k in ("update", "delete", "insert")
            )
            updated = conn.execute(
                sql.SQL("update public.{} set modified = now() where id %% %s = %s").format(t),
                (every_update, 1 + offset),
            ).rowcount
            # a hard delete as the application does it: rows an enforced foreign key still needs stay
            referenced = conn.execute(
                """
                select c.conrelid::regclass::text, a.attname from pg_constraint as c
                join pg_attribute as a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
                where c.contype = 'f' and c.confrelid = %s::regclass
                """,
                (f"public.{table}",),
            ).fetchall()
            unreferenced = sql.SQL("").join(
                sql.SQL(" and not exists (select from {c} as r where r.{k} = t.id)").format(
                    c=sql.SQL(child), k=sql.Identifier(column)
                )
                for child, column in referenced
            )
            deleted = conn.execute(
                sql.SQL("delete from public.{} as t where t.id %% %s = %s{}").format(t, unreferenced),
                (every_delete, 2 + offset),
            ).rowcount
            cols = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
            inserted = conn.execute(
                sql.SQL(
                    "insert into public.{t} (id, {cols}, modified) "
                    "select %s + row_number() over (order by id), {cols}, now() from public.{t} where id %% %s = %s"
                ).format(t=t, cols=cols),
                (top, every_insert, 3 + offset),
            ).rowcount
            done[table] = {"rows": rows, "updated": updated, "deleted": deleted, "inserted": inserted}
    return done


def _scan_seconds(target_url: str) -> float:
    """The sync's card-number detection over every text column of the snapshot, on its own."""
    with connect(target_url, "target") as conn:
        columns = conn.execute(
            """
            select table_name, column_name from information_schema.columns
            where table_schema = 'legacy_snapshot' and data_type in ('text', 'character varying')
            """
        ).fetchall()
        started = time.monotonic()
        for table, column in columns:
            conn.execute(
                sql.SQL(
                    "select count(*) from legacy_snapshot.{t} "
                    "where {c} ~ {pf} and migration.card_numbers({c}) is not null"
                ).format(t=sql.Identifier(table), c=sql.Identifier(column), pf=sql.Literal("[0-9](?:[ -]?[0-9]){12}"))
            )
        seconds = time.monotonic() - started
        tests = conn.execute(
            """
            select coalesce(sum(execution_time), 0) from migration.run_results
            where run_seq = (select min(run_seq) from migration.runs where command = 'runner build')
              and unique_id like 'test.%%no_card_numbers%%'
            """
        ).fetchone()[0]
    return seconds + float(tests)


def slowest_nodes(target_url: str, limit: int = 5) -> list[tuple[str, float]]:
    """The nodes of the latest sync that took longest (migration.run_results)."""
    with connect(target_url, "target") as conn:
        return [
            (name, round(float(seconds), 2))
            for name, seconds in conn.execute(
                "select split_part(unique_id, '.', 3), execution_time from migration.run_results "
                "where run_seq = (select max(run_seq) from migration.runs where is_sync and status = 'ok') "
                "order by execution_time desc nulls last limit %s",
                (limit,),
            )
        ]


def largest_targets(target_url: str, limit: int = 5) -> list[tuple[str, int]]:
    with connect(target_url, "target") as conn:
        return [
            (f"public.{table}", int(rows))
            for table, rows in conn.execute(
                "select relname, n_live_tup from pg_stat_user_tables where schemaname = 'public' "
                "order by n_live_tup desc limit %s",
                (limit,),
            )
        ]


def run(dbs: Databases, scale: float, seed: int, progress: Progress) -> Figures:
    from runner.build import attach, build, require_ok
    from runner.embedded import Cluster
    from runner.legacy.generate import generate

    if not dbs.embedded:
        raise EnvironmentProblem(
            "The benchmark empties its target and scratch databases, so it runs on the embedded PostgreSQL "
            "only; run it without --legacy-url/--target-url."
        )
    cluster = Cluster.default()
    figures = Figures(scale=scale, seed=seed)
    with MemorySampler(cluster.server_pid()) as sampler:
        progress.say(f"generating the legacy database at scale {scale}")
        counts: dict[str, int] = {}
        figures.generate_s = _timed(lambda: counts.update(generate(dbs.legacy_url, scale, seed, progress)))
        figures.legacy_rows = sum(counts.values())
        cluster.reset_database(dbs.target.dbname)
        attach(dbs)
        with progress.step("copy floor: CTAS of every foreign table"):
            figures.floor_s = _timed(lambda: _floor(dbs.target_url))
        if shutil.which("pgloader"):
            scratch = cluster.reset_database("benchmark_pgloader")
            readable = _readable_tables(dbs.target_url)
            with progress.step("pgloader copy of the same tables"):
                figures.pgloader_s = _timed(lambda: _pgloader(dbs, readable, scratch))
            cluster.drop_database("benchmark_pgloader")
        else:
            figures.pgloader_note = "skipped: not installed (apt-get install pgloader)"
        cluster.reset_database(dbs.target.dbname)
        progress.say("full build on an empty target")
        figures.full_build_s = _timed(lambda: require_ok(build(dbs, "build", progress=progress)))
        progress.say("no-change sync")
        figures.no_change_sync_s = _timed(lambda: require_ok(build(dbs, "build", progress=progress)))
        with progress.step("mutating the legacy database"):
            figures.mutation = _mutate(dbs.legacy_url)
        progress.say("sync after the mutation")
        figures.mutation_sync_s = _timed(lambda: require_ok(build(dbs, "build", progress=progress)))
        figures.slowest_nodes = slowest_nodes(dbs.target_url)
        with progress.step("mutating a tenth as much"):
            figures.small_mutation = _mutate(dbs.legacy_url, 0.1, offset=4)
        progress.say("sync after the small mutation")
        figures.small_mutation_sync_s = _timed(lambda: require_ok(build(dbs, "build", progress=progress)))
        figures.scan_s = _scan_seconds(dbs.target_url)
        figures.largest_targets = largest_targets(dbs.target_url)
    figures.runner_peak_mib = MemorySampler.runner_peak_mib()
    figures.server_peak_mib = sampler.server_peak_kib / 1024
    return figures


def render(f: Figures) -> str:
    def ratio(seconds: float | None, base: float) -> str:
        return "-" if seconds is None or not base else f"{seconds / base:7.2f}x"

    lines = [
        f"benchmark at scale {f.scale}, seed {f.seed}: {f.legacy_rows:,} legacy rows "
        f"(generated in {f.generate_s:.1f}s)",
        f"  {'phase':<26} {'seconds':>9} {'vs floor':>9} {'vs build':>9}",
    ]
    rows = [
        ("fdw copy floor (CTAS)", f.floor_s),
        ("pgloader copy", f.pgloader_s),
        ("full build", f.full_build_s),
        ("no-change sync", f.no_change_sync_s),
        ("sync after 1 % mutation", f.mutation_sync_s),
        ("sync after 0.1 % mutation", f.small_mutation_sync_s),
        ("card-number scans", f.scan_s),
    ]
    for name, seconds in rows:
        shown = f"{seconds:9.1f}" if seconds is not None else f"{'-':>9}"
        lines.append(f"  {name:<26} {shown} {ratio(seconds, f.floor_s):>9} {ratio(seconds, f.full_build_s):>9}")
    if f.pgloader_note:
        lines.append(f"  pgloader: {f.pgloader_note}")
    for label, mutation in (("mutation", f.mutation), ("small mutation", f.small_mutation)):
        for table, m in mutation.items():
            lines.append(
                f"  {label} of {table} ({m['rows']:,} rows): {m['updated']:,} updated, {m['deleted']:,} deleted, "
                f"{m['inserted']:,} inserted"
            )
    if f.mutation_sync_s:
        lines.append(f"  0.1 % sync / 1 % sync: {f.small_mutation_sync_s / f.mutation_sync_s:.2f}")
    lines.append("  slowest nodes of the 1 % sync: " + ", ".join(f"{n} {s:.1f}s" for n, s in f.slowest_nodes))
    lines.append(f"  peak memory: runner {f.runner_peak_mib:,.0f} MiB, server {f.server_peak_mib:,.0f} MiB (PSS)")
    lines.append("  largest target tables: " + ", ".join(f"{t} {n:,}" for t, n in f.largest_targets))
    return "\n".join(lines)


def write_json(f: Figures, path: Path) -> None:
    document = asdict(f)
    document["largest_targets"] = [{"table": t, "rows": n} for t, n in f.largest_targets]
    document["slowest_nodes"] = [{"node": n, "seconds": s} for n, s in f.slowest_nodes]
    path.write_text(json.dumps(document, indent=2) + "\n")
