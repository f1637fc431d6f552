"""Progress: every long step says what it does at least every 10 s, and `--quiet` silences it."""

from __future__ import annotations

import re
import time

from runner import progress
from tests.support import create_database, run_cli

LINE = re.compile(r"^\[\s*(\d+\.\d)s\] (.*)$")


def progress_lines(stdout: str) -> list[tuple[float, str]]:
    return [(float(m[1]), m[2]) for m in map(LINE.match, stdout.splitlines()) if m]


def largest_gap(lines: list[tuple[float, str]]) -> float:
    stamps = [0.0] + [at for at, _ in lines]
    return max(b - a for a, b in zip(stamps, stamps[1:], strict=False))


def test_a_running_step_says_it_is_still_running(monkeypatch):
    monkeypatch.setattr(progress, "HEARTBEAT", 0.05)
    lines: list[str] = []
    with progress.Progress(echo=lines.append).step("copying dispatch_task"):
        time.sleep(0.3)
    assert lines[0].endswith("copying dispatch_task")
    assert any("... still copying dispatch_task" in line for line in lines[1:-1])
    assert "copying dispatch_task: done in" in lines[-1]


def test_quiet_says_nothing(monkeypatch):
    monkeypatch.setattr(progress, "HEARTBEAT", 0.05)
    lines: list[str] = []
    reporter = progress.Progress(quiet=True, echo=lines.append)
    with reporter.step("copying"):
        time.sleep(0.2)
    reporter.say("hello")
    assert lines == []


def test_generation_says_each_file_and_table_with_its_rows(cluster):
    legacy = create_database("pytest_progress_legacy")
    target = create_database("pytest_progress_target")
    result = run_cli("legacy", "generate", "--scale", "0.01", "--legacy-url", legacy, "--target-url", target)
    assert result.returncode == 0, result.stderr
    lines = progress_lines(result.stdout)
    said = [text for _, text in lines]
    assert "generating 20_core" in said
    assert any(re.fullmatch(r"  dispatch_office: \d+ rows", text) for text in said)
    assert largest_gap(lines) <= 10, lines
    assert result.stderr == ""

    quiet = run_cli("--quiet", "legacy", "generate", "--scale", "0.01", "--legacy-url", legacy, "--target-url", target)
    assert quiet.returncode == 0, quiet.stderr
    assert progress_lines(quiet.stdout) == []
    assert "legacy database generated" in quiet.stdout


def test_a_sync_says_what_it_does_at_least_every_10_seconds(built):
    result = run_cli("build")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    lines = progress_lines(result.stdout)
    said = " | ".join(text for _, text in lines)
    assert "syncing the legacy snapshot" in said
    assert largest_gap(lines) <= 10, lines
