"""`runner review --base REF` (docs/review.md) on the shared test cluster: a throwaway repository
holds the project as it is now (commit `base`); each test changes one thing in its working tree
and reviews it against `base`. The first review builds the base and keeps it (--keep), the others
reuse it, so each of them builds only what its change reaches."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from runner.settings import TARGET_DB, Databases, embedded_dir, embedded_url
from tests.support import ROOT, query, run_cli

HEAD_DB = f"{TARGET_DB}_review_head"


@dataclass(frozen=True)
class Reviewed:
    returncode: int
    stdout: str
    stderr: str
    review: dict[str, Any]

    def model(self, name: str) -> dict[str, Any]:
        return next(m for m in self.review["models"] if m["name"] == name)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope="module")
def repo(built: Databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The project's files as they are now, committed as `base` in a repository of their own."""
    repo = tmp_path_factory.mktemp("review") / "project"
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True, capture_output=True, text=True
    )
    for name in filter(None, listed.stdout.split("\0")):
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    _git(repo, "init", "-q", "-b", "base")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    runs_before = query(built.target_url, "select count(*), max(run_seq) from migration.runs")
    yield repo
    with_force = "drop database if exists {} with (force)"
    for name in (HEAD_DB, f"{TARGET_DB}_review_base"):
        query(embedded_url("postgres"), with_force.format(f'"{name}"'))
    # the real target's run history was never touched
    assert query(built.target_url, "select count(*), max(run_seq) from migration.runs") == runs_before


@pytest.fixture(scope="module")
def review(repo: Path) -> Callable[[Callable[[Path], None]], Reviewed]:
    def run(change: Callable[[Path], None]) -> Reviewed:
        change(repo)
        try:
            out = repo / "review.json"
            done = subprocess.run(
                [sys.executable, "-m", "runner", "review", "--base", "base", "--keep", "--json", str(out)],
                cwd=repo,
                capture_output=True,
                text=True,
                env={**os.environ, "MIGRATION_EMBEDDED_DIR": str(embedded_dir())},
                check=False,
            )
            assert out.exists(), done.stdout[-3000:] + done.stderr[-3000:]
            return Reviewed(done.returncode, done.stdout, done.stderr, json.loads(out.read_text()))
        finally:
            _git(repo, "checkout", "-q", "--", ".")

    return run


def _edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    def change(repo: Path) -> None:
        text = (repo / path).read_text()
        assert old in text
        (repo / path).write_text(text.replace(old, new, 1))

    return change


PAYMENTS = "models/marts/commerce/payments.sql"


def test_a_comment_only_change_reports_no_data_change(review: Callable[..., Reviewed]) -> None:
    result = review(_edit(PAYMENTS, "final as (\n", "-- the payment as the mart holds it\nfinal as (\n"))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "no data change" in result.stdout
    assert not result.review["data_change"]
    assert result.review["affected_models"] == ["payments"]
    assert "+-- the payment as the mart holds it" in result.model("payments")["sql_diff"]
    assert result.review["uuid_changes"] == 0 and result.review["ledger_moves"] == []


def test_a_mart_column_expression_reports_that_model_and_column(review: Callable[..., Reviewed]) -> None:
    result = review(
        _edit(PAYMENTS, "        payments.reference,\n", "        upper(payments.reference) as reference,\n")
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    (expected,) = query(
        embedded_url(HEAD_DB),
        "select count(*) from review_base.payments where reference is distinct from upper(reference)",
    )[0]
    assert expected > 0
    changed = [m for m in result.review["models"] if m["data_change"]]
    assert [(m["name"], m["added"], m["removed"], m["changed"], m["columns"]) for m in changed] == [
        ("payments", 0, 0, expected, {"reference": expected})
    ]
    sample = result.model("payments")["samples"]["reference"][0]
    assert sample["after"] == sample["before"].upper() and "legacy_id" in sample["key"]
    assert result.review["uuid_changes"] == 0 and result.review["ledger_moves"] == []


def test_a_reject_rule_reports_the_ledger_movement(review: Callable[..., Reviewed]) -> None:
    result = review(
        _edit(
            "models/intermediate/workflow/int_tasks__resolved.sql",
            "when orders.disposition <> 'migrated' then 'order_rejected'",
            "when orders.disposition <> 'migrated' then 'instruction_rejected'",
        )
    )
    (expected,) = query(
        embedded_url(HEAD_DB),
        "select count(*) from review_base._ledger where source_table = 'dispatch_task' and reason_code = 'order_rejected'",
    )[0]
    assert expected > 0
    moves = [(m["source_table"], m["from"], m["to"], m["rows"]) for m in result.review["ledger_moves"]]
    assert moves == [("dispatch_task", "rejected(order_rejected)", "rejected(instruction_rejected)", expected)]
    assert f"dispatch_task: {expected} rejected(order_rejected) → rejected(instruction_rejected)" in result.stdout
    assert result.review["uuid_changes"] == 0


def test_a_meta_access_change_shows_the_policy_ddl(review: Callable[..., Reviewed]) -> None:
    result = review(
        _edit(
            "models/marts/commerce/_commerce__models.yml",
            "        office: office_id\n        parent: order_id\n      legacy:\n      - resolved: int_payments__resolved",
            "        office: office_id\n      legacy:\n      - resolved: int_payments__resolved",
        )
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    ddl = result.model("payments")["ddl_diff"]
    assert '-create policy "readers of the parent read (order_id)" on payments' in ddl
    assert "-  WHERE (parent.id = payments.order_id)))" in ddl  # the write policies lose the parent's check
    assert not result.review["data_change"] and result.review["uuid_changes"] == 0


def test_an_unknown_base_is_a_usage_error(repo: Path) -> None:
    done = run_cli("review", "--base", "no-such-ref")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: --base 'no-such-ref' is not a commit of this repository; pass a branch, tag or commit "
        "(e.g. --base origin/main)."
    ]
