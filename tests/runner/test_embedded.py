import os
from pathlib import Path

import psycopg
import pytest

from runner.embedded import Cluster, _reachable_root
from runner.settings import LEGACY_DB, TARGET_DB, embedded_url
from tests.support import run_cli


def test_cluster_runs_unprivileged_with_both_databases(cluster: Cluster):
    with psycopg.connect(embedded_url("postgres")) as conn:
        databases = {r[0] for r in conn.execute("select datname from pg_database")}
        port = conn.execute("show port").fetchone()[0]
    assert {LEGACY_DB, TARGET_DB} <= databases
    assert int(port) == cluster.port != 5432
    assert (cluster.datadir / "PG_VERSION").is_file()
    assert cluster.datadir.stat().st_uid != 0 or os.geteuid() != 0


def test_status_reports_running(cluster: Cluster):
    result = run_cli("status")
    assert result.returncode == 0
    assert f"running on 127.0.0.1:{cluster.port}" in result.stdout


def test_status_shows_the_users_and_databases_it_serves(cluster: Cluster):
    result = run_cli("status")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.split()[:2] == ["migrator", "superuser,"] for line in lines), result.stdout
    listed = {line.split()[0] for line in lines[lines.index("databases:") + 1 :] if line.startswith("  ")}
    assert {LEGACY_DB, TARGET_DB} <= listed
    assert f"  legacy {embedded_url(LEGACY_DB)}" in lines
    assert f"  target {embedded_url(TARGET_DB)}" in lines


def test_missing_binaries_is_one_clear_sentence_and_exit_2(cluster: Cluster):
    result = run_cli("status", env={"PG_BIN_DIR": "/nonexistent/pg/bin"})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "apt-get install postgresql" in lines[0]


def test_data_moves_to_var_tmp_when_the_server_user_cannot_reach_the_checkout():
    if os.geteuid() != 0:
        pytest.skip("only root hands the server to another OS user")
    private = Path("/root/checkout/.embedded")  # /root is not traversable by other users
    moved = _reachable_root(private)
    assert moved.parent == Path("/var/tmp") and moved.name.startswith("legacy-migration-")
    assert _reachable_root(Path(__file__).resolve().parent / ".embedded") != moved
