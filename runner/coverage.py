"""The coverage manifest (seeds/legacy_coverage.csv) against the live legacy database."""

from __future__ import annotations

from dataclasses import dataclass

from psycopg import sql

from runner.db import connect
from runner.project import read_manifest


@dataclass(frozen=True)
class CoverageRow:
    source_table: str
    disposition: str
    targets: str
    reason: str
    live_rows: int | None  # None: the legacy database has no such table

    @property
    def problem(self) -> str:
        if self.live_rows is None:
            return "listed, but not in the legacy database"
        if not self.disposition:
            return "in the legacy database, but not listed"
        return ""


def compare(legacy_url: str) -> list[CoverageRow]:
    manifest = read_manifest()
    with connect(legacy_url, "legacy") as conn:
        live = [r[0] for r in conn.execute("select tablename from pg_tables where schemaname = 'public'")]
        # exact counts in one statement; no value is read
        counts: dict[str, int] = {}
        if live:
            query = sql.SQL(" union all ").join(
                sql.SQL("select {}, count(*) from public.{}").format(sql.Literal(t), sql.Identifier(t)) for t in live
            )
            counts = dict(conn.execute(query).fetchall())
    rows = []
    for table in sorted(set(manifest) | set(live)):
        entry = manifest.get(table, {})
        rows.append(
            CoverageRow(
                source_table=table,
                disposition=entry.get("disposition", ""),
                targets=entry.get("targets", ""),
                reason=entry.get("reason", ""),
                live_rows=counts.get(table),
            )
        )
    return rows


def render(rows: list[CoverageRow]) -> str:
    header = ("legacy table", "disposition", "target(s)", "live rows", "problem / reason")
    lines = [
        (
            r.source_table,
            r.disposition or "-",
            r.targets.replace("|", ", ") or "-",
            "-" if r.live_rows is None else f"{r.live_rows:,}",
            r.problem or r.reason,
        )
        for r in rows
    ]
    widths = [max(len(str(x[i])) for x in [header, *lines]) for i in range(4)]
    fmt = "  ".join(f"{{:{'>' if i == 3 else '<'}{w}}}" for i, w in enumerate(widths)) + "  {}"
    out = [fmt.format(*header), fmt.format(*("-" * w for w in widths), "-" * 16)]
    out += [fmt.format(*line) for line in lines]
    by_disposition: dict[str, int] = {}
    for r in rows:
        by_disposition[r.disposition or "unlisted"] = by_disposition.get(r.disposition or "unlisted", 0) + 1
    out.append("")
    out.append("  ".join(f"{k}: {v}" for k, v in sorted(by_disposition.items())))
    return "\n".join(out)
