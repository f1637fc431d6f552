"""What the dbt project declares that the runner reads itself: the coverage manifest (each legacy
table's disposition, target(s) and reason), for `runner coverage`. Everything the sync needs is
declared in the sources YAML and read by dbt."""

from __future__ import annotations

import csv
from functools import cache

from runner.settings import PROJECT_ROOT

MANIFEST = PROJECT_ROOT / "seeds" / "legacy_coverage.csv"


@cache
def read_manifest() -> dict[str, dict[str, str]]:
    """{legacy table: its row of seeds/legacy_coverage.csv}."""
    with MANIFEST.open(newline="") as handle:
        return {row["source_table"]: row for row in csv.DictReader(handle)}
