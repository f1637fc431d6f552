"""The reconciliation report as one self-contained HTML file: inline CSS and SVG, no script, no
font or image from the network, so it opens the same from a CI artifact, a mail or a laptop on a
plane. It shows what the JSON holds (`report.collect`); every figure a reviewer reads carries a
`data-figure` attribute naming the JSON value it shows, which is how the browser test checks them.

Hand-written rather than a template engine or a chart library: the page is one function per
section over plain data, and a chart library would mean JavaScript or a CDN."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

from runner.report import drift_ids

SEGMENTS = (
    # JSON count, label, colour
    ("migrated_rows", "migrated", "#2e7d32"),
    ("rejected_rows", "rejected (reason code)", "#ef6c00"),
    ("excluded_rows", "excluded (reason)", "#1565c0"),
    ("unexplained_rows", "unexplained", "#c62828"),
    ("deleted_rows", "deleted in legacy since migrated", "#9e9e9e"),
)
COUNTS = ("source_rows", "migrated_rows", "rejected_rows", "excluded_rows", "deleted_rows", "unexplained_rows")
HEADINGS = ("legacy rows", "migrated", "rejected", "excluded", "deleted", "unexplained")

CSS = """
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #212121; }
body { margin: 0 auto; max-width: 1180px; padding: 24px; }
h1 { margin: 0 0 4px; font-size: 28px; }
h2 { margin-top: 36px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { margin: 20px 0 6px; } h3.domain { text-transform: capitalize; }
.verdict { padding: 16px 20px; border-radius: 8px; color: #fff; }
.verdict.ok { background: #2e7d32; } .verdict.failed { background: #c62828; }
.verdict p { margin: 4px 0 0; font-size: 16px; }
.verdict ul.failures { margin: 8px 0 0; font-size: 13px; } .verdict code { color: #fff; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; font-size: 13px; }
dl.meta dt { color: #616161; } dl.meta dd { margin: 0; font-family: ui-monospace, monospace; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
.card { border: 1px solid #ddd; border-radius: 8px; padding: 10px 14px; min-width: 120px; }
.card .figure { display: block; font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .label { color: #616161; font-size: 13px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 3px 8px; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
th { color: #616161; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.bad { color: #c62828; font-weight: 600; }
.bar { display: flex; height: 14px; width: 260px; background: #f5f5f5; border-radius: 3px; overflow: hidden; }
.bar span { display: block; height: 100%; }
.bar span.some { min-width: 2px; }
.legend { display: flex; gap: 16px; font-size: 13px; flex-wrap: wrap; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; }
details { margin: 2px 0; } summary { cursor: pointer; }
table.ledger { table-layout: fixed; }
table.ledger th:first-child { width: 30%; } table.ledger th:last-child { width: 276px; }
table.ledger th:last-child, table.ledger td:last-child { padding-left: 20px; }
details table { margin: 4px 0 8px 16px; width: auto; }
table.ledger th.n { white-space: normal; }
code { font-family: ui-monospace, monospace; font-size: 12px; }
.muted { color: #757575; font-size: 13px; }
svg text { font-family: system-ui, sans-serif; font-size: 11px; fill: #424242; }
"""


def _n(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def _figure(key: str, text: str, tag: str = "span", cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f'<{tag}{attr} data-figure="{escape(key)}">{escape(text)}</{tag}>'


def _bar(counts: dict[str, int]) -> str:
    whole = counts["source_rows"] + counts["deleted_rows"]
    parts = []
    for key, label, colour in SEGMENTS:
        value = counts[key]
        share = 100 * value / whole if whole else 0
        cls = ' class="some"' if value else ""
        parts.append(
            f'<span{cls} style="width:{share:.3f}%;background:{colour}" title="{escape(label)}: {value:,}"></span>'
        )
    return f'<div class="bar" role="img" aria-label="{escape(_bar_label(counts))}">{"".join(parts)}</div>'


def _bar_label(counts: dict[str, int]) -> str:
    return ", ".join(f"{label} {counts[key]:,}" for key, label, _ in SEGMENTS if counts[key])


def _legend() -> str:
    items = "".join(f'<span><i style="background:{colour}"></i>{escape(label)}</span>' for _, label, colour in SEGMENTS)
    return f'<div class="legend">{items}</div>'


def _header(report: dict[str, Any]) -> str:
    run, tables, tests = report["run"], report["tables"], report["tests"]
    total = {c: sum(t[c] for t in tables) for c in COUNTS}
    ok = report["status"] == "ok"
    unbalanced = [m for m in report["money"] if m["difference"] != "0.00"]
    sentence = (
        f"{total['source_rows']:,} legacy rows in {len(tables)} legacy tables: "
        + (
            "every row is migrated, rejected with a reason code or excluded with a reason"
            if not total["unexplained_rows"]
            else f"{total['unexplained_rows']:,} rows are unexplained"
        )
        + (f"; money is off in {len(unbalanced)} column(s)" if unbalanced else "; money balances to the cent")
        + f"; tests passed {tests['passed']:,}, failed {tests['failed']:,}, skipped {tests['skipped']:,}."
    )
    meta = [
        ("run", f"{run['run_seq']} ({run['command']}{', no change' if run['no_change'] else ''}, {run['status']})"),
        ("run id", run["run_id"]),
        ("started", run["started_at"]),
        ("finished", run["finished_at"] or "still running"),
        ("dbt", run["dbt_version"] or ""),
        ("legacy fingerprint", run["legacy_fingerprint"] or ""),
        ("project fingerprint", run["project_fingerprint"] or ""),
    ]
    if run["synthetic_scale"] is not None:
        meta.append(("synthetic legacy", f"scale {run['synthetic_scale']:g}, seed {run['synthetic_seed']}"))
    cards = "".join(
        f'<div class="card">{_figure("total." + c, _n(total[c]), cls="figure")}<span class="label">{h}</span></div>'
        for c, h in zip(COUNTS, HEADINGS, strict=True)
    )
    return (
        f'<header class="verdict {"ok" if ok else "failed"}">'
        f"<h1>Migration run {run['run_seq']}: {_figure('status', 'OK' if ok else 'FAILED')}</h1>"
        f"<p>{escape(sentence)}</p>{_failures(report.get('failures', []))}</header>"
        f'<dl class="meta">{"".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in meta)}</dl>'
        f'<div class="cards">{cards}</div>{_legend()}{_created_in_app(report.get("created_in_app") or {})}'
        f"{_changed_in_target(report.get('changed_in_target') or {'policy': 'fail', 'tables': []})}"
    )


def _created_in_app(created: dict[str, int]) -> str:
    """One line: the rows the application created per mart (not legacy rows: outside the ledger)."""
    if not created:
        return '<p class="muted" id="created-in-app">Created in the application: none.</p>'
    items = ", ".join(
        f"<code>{escape(mart)}</code> {_figure('created_in_app.' + mart, _n(n))}" for mart, n in created.items()
    )
    return (
        f'<p class="muted" id="created-in-app">Created in the application (no legacy row, outside the ledger): '
        f"{items}.</p>"
    )


def _changed_in_target(drift: dict[str, Any]) -> str:
    """The migrated rows someone else changed in the target, per relation, with the policy applied."""
    if not drift["tables"]:
        return '<p class="muted" id="changed-in-target">Changed in the target behind the migration: none.</p>'
    rows = "".join(
        f"<tr><td><code>{escape(t['relation'])}</code></td>"
        f"<td class=num>{_figure('changed_in_target.' + t['relation'], _n(t['rows']))}</td>"
        f"<td class=num>{_n(t['restored'])}</td><td>{escape('/'.join(t['ops']))}</td>"
        f"<td>{escape(drift_ids(t))}</td></tr>"
        for t in drift["tables"]
    )
    return (
        f'<section id="changed-in-target"><h2>Changed in the target behind the migration '
        f"(policy: {escape(drift['policy'])})</h2><table><thead><tr><th>relation</th><th>rows</th><th>restored</th>"
        f"<th>writes</th><th>latest legacy ids</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _failures(failures: list[dict[str, str]]) -> str:
    """The nodes that errored or failed, first thing under the verdict: what to fix first."""
    if not failures:
        return ""
    items = "".join(
        f"<li><b>{escape(f['status'])}</b> <code>{escape(f['unique_id'])}</code>: {escape(f['message'])}</li>"
        for f in failures
    )
    return f'<ul class="failures">{items}</ul>'


def _tables(tables: list[dict[str, Any]]) -> str:
    domains: dict[str, list[dict[str, Any]]] = {}
    for t in tables:
        domains.setdefault(t.get("domain") or "other", []).append(t)
    out = ['<h2 id="tables">Per domain and legacy table</h2>']
    for domain, rows in domains.items():
        head = "".join(f'<th class="n">{h}</th>' for h in HEADINGS)
        body = []
        for t in rows:
            name = t["source_table"]
            cells = "".join(
                f'<td class="n{" bad" if c == "unexplained_rows" and t[c] else ""}"'
                f' data-figure="{escape(name)}.{c}">{_n(t[c])}</td>'
                for c in COUNTS
            )
            where = ", ".join(t["targets"]) if t["targets"] else ""
            note = t["reason"] if t["disposition"] != "migrated" and t["reason"] else ""
            body.append(
                f"<tr><td><code>{escape(name)}</code><br><span class='muted'>"
                f"{escape(t['disposition'])}{' → ' + escape(where) if where else ''}"
                f"{': ' + escape(note) if note else ''}</span></td>{cells}<td>{_bar(t)}</td></tr>"
            )
        out.append(
            f"<h3 class='domain'>{escape(domain)}</h3><table class='ledger'>"
            f"<thead><tr><th>legacy table</th>{head}<th>share</th></tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>"
        )
    return "".join(out)


def _reasons(title: str, anchor: str, groups: list[dict[str, Any]], detail: bool, empty: str) -> str:
    out = [f'<h2 id="{anchor}">{escape(title)}</h2>']
    if not groups:
        return out[0] + f'<p class="muted">{escape(empty)}</p>'
    out.append(
        '<p class="muted">Open a line for its first legacy ids; the rest are in '
        f"<code>migration.{anchor}</code> (<code>where source_table = … and "
        f"{'reason_code' if anchor == 'rejects' else 'repair_code'} = …</code>).</p>"
    )
    for g in groups:
        key = f"{anchor}.{g['source_table']}.{g['code']}"
        rows = "".join(
            f"<tr><td class='n'>{s['legacy_id']}</td>"
            + (f"<td>{escape(s['detail'] or '')}</td>" if detail else "")
            + "</tr>"
            for s in g["samples"]
        )
        head = "<th class='n'>legacy id</th>" + ("<th>detail</th>" if detail else "")
        out.append(
            f"<details><summary><code>{escape(g['source_table'])}</code> → {escape(g['target_table'] or '')}: "
            f"<b>{escape(g['code'])}</b> {_figure(key, _n(g['rows']))} rows</summary>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></details>"
        )
    return "".join(out)


def _money(money: list[dict[str, str]]) -> str:
    out = ['<h2 id="money">Money, per column and currency, to the cent</h2>']
    if not money:
        return out[0] + '<p class="muted">No money columns reconciled in this run.</p>'
    head = "".join(
        f'<th class="{"n" if i > 1 else ""}">{h}</th>'
        for i, h in enumerate(("legacy column", "currency", "legacy", "migrated", "not migrated", "difference"))
    )
    body = []
    for m in money:
        key = f"money.{m['name']}.{m['currency'] or ''}"
        cells = "".join(
            f'<td class="n{" bad" if c == "difference" and m[c] != "0.00" else ""}" data-figure="{escape(key)}.{c}">'
            f"{escape(m[c])}</td>"
            for c in ("source_total", "migrated_total", "rejected_total", "difference")
        )
        body.append(f"<tr><td><code>{escape(m['name'])}</code></td><td>{escape(m['currency'] or '')}</td>{cells}</tr>")
    return out[0] + f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _stacked_chart(title: str, runs: list[dict[str, Any]], series: Iterable[tuple[str, str, str]]) -> str:
    """Stacked bars, one per run, as inline SVG."""
    series = list(series)
    width, height, left, bottom, top = 1100, 180, 70, 24, 10
    totals = [sum(r[key] or 0 for key, _, _ in series) for r in runs]
    peak = max(totals, default=0) or 1
    step = (width - left) / max(len(runs), 1)
    bar = max(min(step * 0.7, 48), 2)
    plot = height - bottom - top
    shapes = []
    for i, r in enumerate(runs):
        x, y = left + i * step + (step - bar) / 2, height - bottom
        for key, label, colour in series:
            h = plot * (r[key] or 0) / peak
            if h > 0:
                y -= h
                shapes.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}">'
                    f"<title>run {r['run_seq']}: {escape(label)} {(r[key] or 0):,}</title></rect>"
                )
        if len(runs) <= 40 or i % max(len(runs) // 20, 1) == 0:
            shapes.append(f'<text x="{x + bar / 2:.1f}" y="{height - 8}" text-anchor="middle">{r["run_seq"]}</text>')
    axis = (
        f'<line x1="{left - 4}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" stroke="#bdbdbd"/>'
        f'<text x="{left - 8}" y="{top + 8}" text-anchor="end">{peak:,}</text>'
        f'<text x="{left - 8}" y="{height - bottom}" text-anchor="end">0</text>'
    )
    legend = "".join(f'<span><i style="background:{c}"></i>{escape(label)}</span>' for _, label, c in series)
    return (
        f"<h3>{escape(title)}</h3>"
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{escape(title)}">{axis}'
        f'{"".join(shapes)}</svg><div class="legend">{legend}</div>'
    )


def _history(history: list[dict[str, Any]]) -> str:
    out = ['<h2 id="history">Run history</h2>']
    if not history:
        return out[0] + '<p class="muted">No earlier runs.</p>'
    # run_tables names the ledger columns without _rows, and deleted rows deleted_in_legacy
    names = {"deleted_rows": "deleted_in_legacy"}
    ledger = [
        (names.get(key, key.removesuffix("_rows")), label, colour)
        for key, label, colour in SEGMENTS
        if key != "unexplained_rows"
    ]
    changes = (
        ("inserted", "rows inserted in legacy", "#2e7d32"),
        ("updated", "updated", "#f9a825"),
        ("deleted", "deleted", "#c62828"),
    )
    out.append(_stacked_chart("The ledger after each run (rows)", history, ledger))
    out.append(_stacked_chart("What each run read as changed in legacy (rows)", history, changes))
    head = "".join(
        f'<th class="{"n" if i in (0, 4, 5, 6, 7, 8, 9) else ""}">{h}</th>'
        for i, h in enumerate(
            ("run", "command", "status", "started", "seconds", "inserted", "updated", "deleted", "migrated", "rejected")
        )
    )
    body = "".join(
        f"<tr><td class='n'>{r['run_seq']}</td><td>{escape(r['command'])}</td>"
        f"<td class='{'' if r['status'] == 'ok' else 'bad'}'>{escape(r['status'])}"
        f"{' (no change)' if r['no_change'] else ''}</td><td>{escape(r['started_at'][:19].replace('T', ' '))}</td>"
        f"<td class='n'>{'' if r['seconds'] is None else r['seconds']}</td>"
        + "".join(f"<td class='n'>{_n(r[k])}</td>" for k in ("inserted", "updated", "deleted", "migrated", "rejected"))
        + "</tr>"
        for r in reversed(history)
    )
    out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return "".join(out)


def render(report: dict[str, Any]) -> str:
    run = report["run"]
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Migration report: run {run['run_seq']} {escape(report['status'])}</title>"
        f"<style>{CSS}</style></head><body>"
        + _header(report)
        + _tables(report["tables"])
        + _reasons(
            "Rejected rows by reason",
            "rejects",
            report["rejects"],
            detail=True,
            empty="No legacy row was rejected.",
        )
        + _reasons(
            "Repaired values by repair code",
            "repairs",
            report["repairs"],
            detail=False,
            empty="No value needed a repair.",
        )
        + _money(report["money"])
        + _history(report["history"])
        + '<p class="muted">Written by <code>python -m runner report --html</code>; the same figures are in '
        "<code>--json</code> and in the target's <code>migration</code> schema.</p></body></html>\n"
    )


def write(report: dict[str, Any], path: Path) -> None:
    path.write_text(render(report), encoding="utf-8")
