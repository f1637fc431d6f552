"""runner/dbt.py without a database: the partial-parse file of each target."""

from __future__ import annotations

import os

from runner import dbt
from runner.settings import Conninfo


def test_partial_parse_files_of_targets_not_used_lately_are_removed(tmp_path, monkeypatch):
    caches = tmp_path / "partial-parse"
    monkeypatch.setattr(dbt, "TARGET_DIR", tmp_path)
    monkeypatch.setattr(dbt, "PARSE_CACHES", caches)
    caches.mkdir()
    for n in range(dbt.PARSE_CACHES_KEPT + 5):
        old = caches / f"old{n:02d}.msgpack"
        old.write_bytes(b"x")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    (tmp_path / "partial_parse.msgpack").write_bytes(b"in place")
    (caches / "in-place").write_text("old00")
    dbt._partial_parse_for(Conninfo.parse("postgresql://u@db.example.com:5433/t", "target"))
    left = sorted(p.name for p in caches.glob("*.msgpack"))
    assert len(left) == dbt.PARSE_CACHES_KEPT
    assert "old00.msgpack" in left  # the file that was in place, kept for its target
    assert "old01.msgpack" not in left and "old20.msgpack" in left  # the oldest others went
    assert not (tmp_path / "partial_parse.msgpack").exists()  # a target never seen parses afresh
