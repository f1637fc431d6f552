"""The HTML report as a person sees it: rendered by a real headless Chromium (Debian's `chromium`),
screenshotted, and every figure it shows compared with the JSON written in the same run."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.support import REPORT_JSON, run_cli

BROWSER = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
needs_browser = pytest.mark.skipif(
    BROWSER is None, reason="no headless browser on this machine (apt-get install chromium)"
)
WIDTH, HEIGHT = 1280, 2400


class Figures(HTMLParser):
    """The text of every element that carries a `data-figure` attribute, by that attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, str] = {}
        self._open: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "i", "img", "meta", "link", "rect", "line"):
            return
        self._open.append(dict(attrs).get("data-figure"))
        if self._open[-1] is not None:
            self.figures[self._open[-1]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("br", "i", "img", "meta", "link", "rect", "line") and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for key in self._open:
            if key is not None:
                self.figures[key] += data


def figures_of(html: str) -> dict[str, str]:
    parser = Figures()
    parser.feed(html)
    return {k: v.strip() for k, v in parser.figures.items()}


def browser(*args: str, page: Path) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    return subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def expected_figures(report: dict[str, Any]) -> dict[str, str]:
    """What the page must show for each figure, computed from the JSON alone."""
    counts = ("source_rows", "migrated_rows", "rejected_rows", "excluded_rows", "deleted_rows", "unexplained_rows")
    want = {"status": "OK" if report["status"] == "ok" else "FAILED"}
    for c in counts:
        want[f"total.{c}"] = f"{sum(t[c] for t in report['tables']):,}"
        for t in report["tables"]:
            want[f"{t['source_table']}.{c}"] = f"{t[c]:,}"
    for kind in ("rejects", "repairs"):
        for g in report[kind]:
            want[f"{kind}.{g['source_table']}.{g['code']}"] = f"{g['rows']:,}"
    for m in report["money"]:
        for c in ("source_total", "migrated_total", "rejected_total", "difference"):
            want[f"money.{m['name']}.{m['currency'] or ''}.{c}"] = m[c]
    for mart, rows in report["created_in_app"].items():
        want[f"created_in_app.{mart}"] = f"{rows:,}"
    return want


@pytest.fixture(scope="module")
def demo_report(built) -> tuple[dict[str, Any], Path]:
    """The JSON and the HTML `demo --json` wrote side by side for the suite's build."""
    page = REPORT_JSON.with_suffix(".html")
    assert page.is_file(), "demo --json X.json must write X.html next to it"
    return json.loads(REPORT_JSON.read_text()), page


def test_report_html_shows_what_the_json_says(built, tmp_path):
    result = run_cli("report", "--run", "1", "--json", str(tmp_path / "r.json"), "--html", str(tmp_path / "r.html"))
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    html = (tmp_path / "r.html").read_text()
    assert figures_of(html) == expected_figures(report)
    # self-contained: nothing is fetched from anywhere
    assert "http://" not in html and "https://" not in html and "<script" not in html


@needs_browser
def test_chromium_renders_the_verdict_and_totals_of_the_json(demo_report):
    report, page = demo_report
    result = browser("--dump-dom", page=page)
    assert result.returncode == 0, result.stderr[-2000:]
    shown = figures_of(result.stdout)
    want = expected_figures(report)
    assert {k: shown.get(k) for k in want} == want
    assert shown["total.unexplained_rows"] == "0"
    assert shown["total.source_rows"] == f"{sum(t['source_rows'] for t in report['tables']):,}"
    assert f"Migration run {report['run']['run_seq']}" in result.stdout


@needs_browser
def test_chromium_screenshot_shows_a_green_verdict_and_bars(demo_report, tmp_path):
    from PIL import Image

    _, page = demo_report
    shot = tmp_path / "report.png"
    result = browser(f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}", page=page)
    assert shot.is_file(), result.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    assert image.size == (WIDTH, HEIGHT)
    # the verdict banner (top of the page) is the OK green, not a blank or an error page
    assert image.getpixel((WIDTH // 2, 60)) == (0x2E, 0x7D, 0x32)
    # the page has drawn bars: the three ledger colours appear in the per-table section
    colours = {rgb for _, rgb in image.crop((0, 400, WIDTH, HEIGHT)).getcolors(maxcolors=1 << 24)}
    for rgb in ((0x2E, 0x7D, 0x32), (0xEF, 0x6C, 0x00), (0x15, 0x65, 0xC0)):
        assert rgb in colours
