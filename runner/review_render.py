"""The review (runner/review.py) as a pull-request comment (Markdown: summary first, details
collapsed), as JSON and as one self-contained HTML page in the reconciliation report's style."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from runner.html_report import CSS


def headline(review: dict[str, Any]) -> str:
    changed = [m for m in review["models"] if m.get("data_change")]
    parts = [
        f"{len(changed)} model(s) change data" if review["data_change"] else "no data change",
        f"{len(review['ledger_moves'])} ledger movement(s)",
        f"UUID changes: {review['uuid_changes']}",
        f"tests changed: {len(review['tests_changed'])}",
        f"money totals changed: {len(review['money_changes'])}",
    ]
    return " · ".join(parts)


def _columns_text(model: dict[str, Any]) -> str:
    cols = [f"`{c}` {n}" for c, n in model["columns"].items()]
    cols += [f"`{c}` added" for c in model.get("columns_added", [])]
    cols += [f"`{c}` removed" for c in model.get("columns_removed", [])]
    return ", ".join(cols) or "—"


def _n(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def markdown(review: dict[str, Any]) -> str:
    verdict = "✅" if review["status"] == "ok" else "❌"
    lines = [
        f"### {verdict} Data review of the working tree against `{review['base']}` ({review['base_commit'][:10]})",
        "",
        f"**{headline(review)}**",
        "",
    ]
    lines += [f"- ❌ {p}" for p in review["problems"]]
    lines.append(
        f"- built on one legacy snapshot (run {review.get('snapshot_run')}); {len(review['affected_models'])} model(s) "
        f"reached by the change (state:modified+), in {review.get('seconds', 0)} s"
        + (" (base reused)" if review.get("base_reused") else "")
    )
    if review["models_removed"]:
        lines.append(f"- models removed: {', '.join(review['models_removed'])}")
    changed = [m for m in review["models"] if m.get("data_change")]
    if changed:
        lines += ["", "| model | added | removed | changed | changed rows per column |", "|---|---:|---:|---:|---|"]
        lines += [
            f"| `{m['name']}` | {_n(m['added'])} | {_n(m['removed'])} | {_n(m['changed'])} | {_columns_text(m)} |"
            for m in changed
        ]
    if review["ledger_moves"]:
        lines += ["", "**Ledger movements**", ""] + [f"- `{m['text']}`" for m in review["ledger_moves"]]
    if review["tests_changed"]:
        lines += ["", "**Tests changed**", ""]
        lines += [f"- `{t['unique_id']}`: {t['before'] or 'new'} → {t['after']}" for t in review["tests_changed"]]
    if review["money_changes"]:
        lines += [
            "",
            "| money column | currency | migrated before | after | not migrated before | after |",
            "|---|---|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {m['column']} | {m['currency']} | {m['migrated_before']} | {m['migrated_after']} | "
            f"{m['not_migrated_before']} | {m['not_migrated_after']} |"
            for m in review["money_changes"]
        ]
    for m in review["models"]:
        details = []
        for column, samples in m.get("samples", {}).items():
            details.append(f"`{column}` ({m['columns'][column]} row(s)):")
            details += [f"- `{s['key']}`: `{s['before']}` → `{s['after']}`" for s in samples]
        if m.get("added_keys"):
            details.append(f"added: {', '.join(f'`{k}`' for k in m['added_keys'])}")
        if m.get("removed_keys"):
            details.append(f"removed: {', '.join(f'`{k}`' for k in m['removed_keys'])}")
        for title, diff in (("compiled SQL", m.get("sql_diff")), ("generated DDL (catalog)", m.get("ddl_diff"))):
            if diff:
                details += [f"{title}:", "", "```diff", diff, "```"]
        if details:
            lines += ["", f"<details><summary><code>{m['name']}</code></summary>", "", *details, "", "</details>"]
    for move in review["ledger_moves"]:
        ids = ", ".join(str(i) for i in move["sample_legacy_ids"])
        lines += [
            "",
            f"<details><summary>{escape(move['text'])}</summary>",
            "",
            f"sample legacy ids: {ids}",
            "",
            "</details>",
        ]
    unchanged = [m["name"] for m in review["models"] if not m.get("data_change")]
    if unchanged:
        lines += ["", f"<details><summary>{len(unchanged)} model(s) rebuilt without a data change</summary>", ""]
        lines += [", ".join(f"`{n}`" for n in unchanged), "", "</details>"]
    return "\n".join(lines) + "\n"


def write_json(review: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(review, indent=2, default=str) + "\n")


def html(review: dict[str, Any]) -> str:
    ok = review["status"] == "ok"
    out = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Data review against {escape(review['base'])}</title><style>{CSS}"
        " pre { background: #f7f7f7; padding: 8px; overflow-x: auto; font-size: 12px; }</style></head><body>",
        f"<h1>Data review against <code>{escape(review['base'])}</code></h1>",
        f"<div class='verdict {'ok' if ok else 'failed'}'><p>{escape(headline(review))}</p>",
        *(f"<p>{escape(p)}</p>" for p in review["problems"]),
        "</div>",
        "<h2>Models</h2><table><tr><th>model</th><th class='n'>added</th><th class='n'>removed</th>"
        "<th class='n'>changed</th><th>changed rows per column</th></tr>",
    ]
    for m in review["models"]:
        out.append(
            f"<tr><td><code>{escape(m['name'])}</code></td><td class='n'>{_n(m['added'])}</td>"
            f"<td class='n'>{_n(m['removed'])}</td><td class='n'>{_n(m['changed'])}</td>"
            f"<td>{escape(_columns_text(m).replace('`', ''))}</td></tr>"
        )
    out.append("</table>")
    if review["ledger_moves"]:
        out.append("<h2>Ledger movements</h2><ul>")
        out += [
            f"<li><code>{escape(m['text'])}</code> "
            f"<span class='muted'>e.g. {', '.join(map(str, m['sample_legacy_ids']))}</span></li>"
            for m in review["ledger_moves"]
        ]
        out.append("</ul>")
    if review["tests_changed"]:
        out.append("<h2>Tests changed</h2><ul>")
        out += [
            f"<li><code>{escape(t['unique_id'])}</code>: "
            f"{escape(str(t['before'] or 'new'))} → {escape(t['after'])}</li>"
            for t in review["tests_changed"]
        ]
        out.append("</ul>")
    for m in review["models"]:
        for title, diff in (("compiled SQL", m.get("sql_diff")), ("generated DDL", m.get("ddl_diff"))):
            if diff:
                out.append(
                    f"<details><summary><code>{escape(m['name'])}</code>: {title}</summary>"
                    f"<pre>{escape(diff)}</pre></details>"
                )
    out.append("</body></html>")
    return "\n".join(out)
