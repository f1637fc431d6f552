"""`runner coverage`: the coverage manifest and the sources YAML against the live legacy database.

The dbt project reads the live legacy catalog through postgres_fdw and compares it with the
contract (`dbt run-operation legacy_coverage`, which changes nothing in the target); the runner
adds the dispositions of seeds/legacy_coverage.csv and draws the table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from runner.build import refusal
from runner.dbt import run_dbt
from runner.progress import Progress
from runner.project import read_manifest
from runner.settings import Databases

MARK = "legacy_migration coverage: "


@dataclass(frozen=True)
class CoverageRow:
    source_table: str
    disposition: str
    targets: str
    reason: str
    live_rows: int | None  # None: the legacy database has no such table
    declared: bool = True
    schema_problems: list[str] = field(default_factory=list)

    @property
    def problem(self) -> str:
        if self.live_rows is None:
            return "listed, but not in the legacy database"
        if not self.disposition or not self.declared:
            return "in the legacy database, but not listed" + ("" if self.disposition else " in the manifest")
        return "; ".join(self.schema_problems)


def _problem(kind: str, column: str | None, declared: str | None, live: str | None) -> str:
    if kind == "unexpected_column":
        return f"unexpected column {column} ({live})"
    if kind == "missing_column":
        return f"lacks column {column}"
    if kind == "changed_type":
        return f"{column} changed type from {declared} to {live}"
    return kind.replace("_", " ")


def compare(dbs: Databases, progress: Progress | None = None) -> list[CoverageRow]:
    invocation = run_dbt(dbs, "run-operation", "legacy_coverage", progress=progress)
    found = next((line[len(MARK) :] for line in invocation.logs if line.startswith(MARK)), None)
    if not invocation.success or found is None:
        raise refusal(invocation, None)
    document = json.loads(found)
    live: dict[str, int] = document["rows"]
    declared = set(document["declared"])
    problems: dict[str, list[str]] = {}
    for kind, table, column, declared_type, live_type in document["problems"]:
        if kind.endswith("_table"):
            continue
        problems.setdefault(table, []).append(_problem(kind, column, declared_type, live_type))
    manifest = read_manifest()
    rows = []
    for table in sorted(set(manifest) | set(live) | declared):
        entry = manifest.get(table, {})
        rows.append(
            CoverageRow(
                source_table=table,
                disposition=entry.get("disposition", ""),
                targets=entry.get("targets", ""),
                reason=entry.get("reason", ""),
                live_rows=live.get(table),
                declared=table in declared,
                schema_problems=problems.get(table, []),
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
