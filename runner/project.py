"""What the dbt project declares that the runner needs: the coverage manifest and the source
columns that hold text-JSON. Read from the project's files, never duplicated in Python."""

from __future__ import annotations

import csv
from functools import cache

import yaml

from runner.settings import PROJECT_ROOT

MANIFEST = PROJECT_ROOT / "seeds" / "legacy_coverage.csv"
SOURCES = PROJECT_ROOT / "models" / "staging" / "legacy" / "_legacy__sources.yml"


@cache
def read_manifest() -> dict[str, dict[str, str]]:
    """{legacy table: its row of seeds/legacy_coverage.csv}."""
    with MANIFEST.open(newline="") as handle:
        return {row["source_table"]: row for row in csv.DictReader(handle)}


def snapshot_tables() -> list[str]:
    return sorted(t for t, row in read_manifest().items() if row["snapshot"] == "true")


def counted_tables() -> list[str]:
    return sorted(t for t, row in read_manifest().items() if row["snapshot"] != "true")


@cache
def json_columns() -> dict[str, set[str]]:
    """{legacy table: its text columns declared `meta: {json: true}` in the sources YAML}."""
    document = yaml.safe_load(SOURCES.read_text())
    found: dict[str, set[str]] = {}
    for source in document["sources"]:
        for table in source.get("tables", []):
            for column in table.get("columns", []):
                if (column.get("meta") or {}).get("json"):
                    found.setdefault(table["name"], set()).add(column["name"])
    return found
