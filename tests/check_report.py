#!/usr/bin/env python3
"""Check a reconciliation report JSON (from `python -m runner report --json PATH`) against the
shape the issues ask for, and that its ledger balances.

Usage: python tests/check_report.py PATH [--all-tables]
  --all-tables  also require all 63 legacy tables, none `not_yet_covered`, and money checks.
Exit 0 when the report holds, 1 with one line per problem otherwise.
"""
import json
import sys
from decimal import Decimal, InvalidOperation

KEYS = ("source_table", "targets", "disposition", "source_rows", "migrated_rows",
        "rejected_rows", "excluded_rows", "unexplained_rows", "rejects_by_reason")
DISPOSITIONS = {"migrated", "merged", "excluded", "not_yet_covered"}


def problems(report: dict, all_tables: bool) -> list[str]:
    out = []
    if report.get("status") not in ("ok", "failed"):
        out.append(f"status is {report.get('status')!r}, not 'ok' or 'failed'")
    tables = report.get("tables")
    if not isinstance(tables, list) or not tables:
        return out + ["'tables' is missing or empty"]
    for t in tables:
        name = t.get("source_table", "?")
        missing = [k for k in KEYS if k not in t]
        if missing:
            out.append(f"{name}: missing {', '.join(missing)}")
            continue
        if t["disposition"] not in DISPOSITIONS:
            out.append(f"{name}: disposition {t['disposition']!r}")
        s, m, r, e, u = (t[k] for k in ("source_rows", "migrated_rows", "rejected_rows",
                                        "excluded_rows", "unexplained_rows"))
        if t["disposition"] != "not_yet_covered" and s != m + r + e + u:
            out.append(f"{name}: source {s} != migrated {m} + rejected {r} + excluded {e} + unexplained {u}")
        if sum(t["rejects_by_reason"].values()) != r:
            out.append(f"{name}: rejects_by_reason sums to {sum(t['rejects_by_reason'].values())}, rejected_rows is {r}")
        if u and report.get("status") == "ok":
            out.append(f"{name}: {u} unexplained rows but status is 'ok'")
    tests = report.get("tests", {})
    if not {"passed", "failed"} <= set(tests):
        out.append("'tests' needs 'passed' and 'failed'")
    if all_tables:
        if len(tables) != 63:
            out.append(f"{len(tables)} tables listed, the legacy database has 63")
        nyc = [t["source_table"] for t in tables if t.get("disposition") == "not_yet_covered"]
        if nyc:
            out.append(f"not yet covered: {', '.join(nyc)}")
        money = report.get("money")
        if not money:
            out.append("'money' is missing or empty")
        for mo in money or []:
            try:
                diff = Decimal(str(mo["difference"]))
                total = Decimal(str(mo["source_total"]))
                got = Decimal(str(mo["migrated_total"])) + Decimal(str(mo["rejected_total"]))
            except (KeyError, InvalidOperation) as exc:
                out.append(f"money {mo.get('name')}: unreadable ({exc})")
                continue
            if total - got != diff:
                out.append(f"money {mo.get('name')}: difference {diff} does not match totals")
    return out


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit(__doc__)
    found = problems(json.load(open(args[0])), "--all-tables" in sys.argv)
    for line in found:
        print(line)
    sys.exit(1 if found else 0)
