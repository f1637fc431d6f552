"""Progress of the long steps: a line when a step starts and ends, and while it runs a line at
least every HEARTBEAT seconds saying what it is still doing (a quiet terminal looks hung).
`--quiet` keeps only the results. Lines go to stdout; errors alone go to stderr.

Plain timestamped lines rather than rich's live progress bars: a bar redraws one terminal line,
which in a CI log or a piped output is either lost or repeated hundreds of times, while these
lines read the same in a terminal, a log file and a CI job (rich draws the report's tables)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

HEARTBEAT = 5.0  # seconds between two lines of a step that is still running
PROJECT_LOG = "legacy_migration: "  # the prefix of the project's own log lines


class Progress:
    def __init__(self, quiet: bool = False, echo: Callable[[str], None] | None = None) -> None:
        self.quiet = quiet
        self._echo = echo or (lambda line: click.echo(line))
        self._lock = threading.Lock()
        self._started = time.monotonic()
        self._steps: list[tuple[str, float]] = []  # the steps running now, outermost first
        self._running: dict[str, float] = {}  # dbt nodes running now, and since when
        self._done = 0
        self._total = 0

    # -- plain lines -----------------------------------------------------------------------

    def say(self, message: str) -> None:
        if not self.quiet:
            with self._lock:
                self._echo(f"[{time.monotonic() - self._started:6.1f}s] {message}")

    # -- a step, with a heartbeat while it runs --------------------------------------------

    @contextmanager
    def step(self, message: str, brief: bool = False) -> Iterator[None]:
        """A step: its start and end are said (a brief step says only its end, and only when it
        took long); while it runs the heartbeat says what it is still doing."""
        if not brief:
            self.say(message)
        since = time.monotonic()
        with self._lock:
            self._steps.append((message, since))
            outermost = len(self._steps) == 1
        stop = threading.Event()
        beat = threading.Thread(target=self._beat, args=(stop,), daemon=True) if outermost else None
        if beat:
            beat.start()
        try:
            yield
        finally:
            if beat:
                stop.set()
                beat.join()
            with self._lock:
                self._steps.pop()
            seconds = time.monotonic() - since
            if not brief or seconds >= 2:
                self.say(f"{message}: done in {seconds:.1f}s")

    def _beat(self, stop: threading.Event) -> None:
        while not stop.wait(HEARTBEAT):
            with self._lock:
                nodes = sorted(self._running.items(), key=lambda item: item[1])
                innermost = self._steps[-1] if self._steps else None
            if nodes:
                now = time.monotonic()
                running = ", ".join(f"{name} ({now - since:.0f}s)" for name, since in nodes)
                counter = f" {self._done}/{self._total}" if self._total else ""
                self.say(f"dbt{counter}: running {running}")
            elif innermost:  # the innermost step says best what runs now
                message, since = innermost
                self.say(f"... still {message} ({time.monotonic() - since:.0f}s)")

    # -- dbt's events (dbtRunner callbacks) -------------------------------------------------

    def dbt_event(self, event: Any) -> None:
        """dbt's own log is replaced by these lines: the counter, the nodes that fail or take long,
        and (heartbeat) the nodes running now."""
        name = event.info.name
        data = event.data
        if name == "LogStartLine":
            with self._lock:
                self._total = data.total
                self._running[data.node_info.node_name] = time.monotonic()
        elif name == "NodeFinished":
            node = data.node_info
            with self._lock:
                since = self._running.pop(node.node_name, time.monotonic())
                self._done += 1
                done, total = self._done, self._total
            seconds = time.monotonic() - since
            if node.node_status not in ("success", "pass") or seconds >= 2 or done == total:
                self.say(
                    f"dbt {done}/{total}: {node.resource_type} {node.node_name} {node.node_status} in {seconds:.1f}s"
                )
        elif name == "FoundStats":
            self.say(f"dbt: {data.stat_line}")
        elif name == "JinjaLogInfo" and data.msg.startswith(PROJECT_LOG):
            # what the project's macros say they do (the sync's snapshot, table by table)
            self.say(data.msg[len(PROJECT_LOG) :])
