"""The legacy schema contract: the tables and columns of the project's copy of the legacy DDL."""

from __future__ import annotations

import re
from functools import cache

from runner.legacy.generate import SCHEMA_FILE

_TABLE = re.compile(r"CREATE TABLE public\.(\w+) \((.*?)\n\);", re.S)


@cache
def contract_columns() -> dict[str, tuple[str, ...]]:
    """{table: (column, ...)} as the legacy DDL declares them."""
    tables: dict[str, tuple[str, ...]] = {}
    for name, body in _TABLE.findall(SCHEMA_FILE.read_text()):
        columns = [
            line.strip().split()[0]
            for line in body.strip().splitlines()
            if line.strip() and not line.strip().startswith("CONSTRAINT")
        ]
        tables[name] = tuple(columns)
    return tables


def column_drift(live: dict[str, set[str]]) -> list[str]:
    """One sentence per legacy table whose columns differ from the contract."""
    problems = []
    for table, expected in sorted(contract_columns().items()):
        if table not in live:
            continue  # a missing table is the coverage guard's to report
        extra = sorted(live[table] - set(expected))
        missing = sorted(set(expected) - live[table])
        if extra:
            problems.append(f"{table} has unexpected column(s) {', '.join(extra)}")
        if missing:
            problems.append(f"{table} lacks column(s) {', '.join(missing)}")
    return problems
