import psycopg

from runner.embedded import Cluster
from runner.settings import embedded_url
from tests.support import run_cli


def test_cluster_runs_unprivileged_with_both_databases(cluster: Cluster):
    with psycopg.connect(embedded_url("postgres")) as conn:
        databases = {r[0] for r in conn.execute("select datname from pg_database")}
        port = conn.execute("show port").fetchone()[0]
    assert {"legacy", "target"} <= databases
    assert int(port) == cluster.port != 5432
    assert (cluster.datadir / "PG_VERSION").is_file()
    assert cluster.datadir.stat().st_uid != 0 or __import__("os").geteuid() != 0


def test_status_reports_running(cluster: Cluster):
    result = run_cli("status")
    assert result.returncode == 0
    assert f"running on 127.0.0.1:{cluster.port}" in result.stdout


def test_missing_binaries_is_one_clear_sentence_and_exit_2(cluster: Cluster):
    result = run_cli("status", env={"PG_BIN_DIR": "/nonexistent/pg/bin"})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "apt-get install postgresql" in lines[0]
