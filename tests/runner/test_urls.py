"""Connection URLs: parsed by libpq's rules, every parameter carried to each hop it applies to
(the runner, dbt, postgres_fdw), the password never shown; a real TLS server for the FDW hop."""

from __future__ import annotations

import pytest
from psycopg.conninfo import conninfo_to_dict

from runner.db import connect
from runner.errors import EnvironmentProblem
from runner.settings import Conninfo
from tests.support import ROOT, TARGET_DIR, TLS_PASSWORD, query, run_cli
from tests.support import TLS_ENCODED as ENCODED

URLS = [
    f"postgresql://reader:{ENCODED}@db.example.com:6543/legacy"
    "?sslmode=require&sslrootcert=/etc/ssl/ca.pem&application_name=migration&options=-c%20statement_timeout%3D0",
    "postgres://u@[::1]:5433/my%20db?connect_timeout=5",
    "postgresql://localhost/dispatch",
    "postgresql:///dispatch?host=/var/run/postgresql",
    "host=db.example.com port=5432 dbname=legacy user=reader password='it\\'s \\\\ secret' sslmode=verify-full",
    "dbname = legacy user=u",
]


def test_a_percent_encoded_password_and_query_parameters_reach_every_hop(built):
    """The runner's hop (libpq's own parser) and dbt's profile variables, and the target server's
    reading of the legacy URL for postgres_fdw (migration.libpq_params): the same parameters."""
    info = Conninfo.parse(URLS[0], "legacy")
    assert info.params["password"] == TLS_PASSWORD
    dbt = info.dbt_environment()
    assert dbt["MIGRATION_TARGET_PASSWORD"] == TLS_PASSWORD
    assert dbt["MIGRATION_TARGET_SSLMODE"] == "require"
    assert dbt["MIGRATION_TARGET_SSLROOTCERT"] == "/etc/ssl/ca.pem"
    assert dbt["PGOPTIONS"] == "-c statement_timeout=0"  # no profile field: libpq's variable
    assert TLS_PASSWORD not in info.redacted() and ENCODED not in info.redacted()
    for url in URLS:
        server_side = dict(query(built.target_url, "select keyword, value from migration.libpq_params(%s)", [url]))
        assert server_side == conninfo_to_dict(url), url


def test_a_parameter_dbt_cannot_carry_is_refused_in_one_sentence():
    with pytest.raises(EnvironmentProblem) as refused:
        Conninfo.parse("postgresql://u@h/db?keepalives=1", "target").dbt_environment()
    assert "dbt" in str(refused.value) and "--target-url" in str(refused.value)
    assert len(str(refused.value).splitlines()) == 1


def test_a_parameter_postgres_fdw_cannot_carry_is_refused_in_one_sentence(built, tls_databases):
    legacy, target = tls_databases
    result = run_cli("attach", "--legacy-url", legacy + "&passfile=/x", "--target-url", target)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "passfile" in result.stderr and "postgres_fdw" in result.stderr and "LEGACY_DATABASE_URL" in result.stderr


def test_an_unknown_parameter_is_refused(cluster):
    result = run_cli(
        "attach", "--legacy-url", "postgresql://u@h/db?sslmod=require", "--target-url", "postgresql://u@h/t"
    )
    assert result.returncode == 2
    assert "sslmod" in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.fixture(scope="module")
def tls_databases(shuffled):
    return shuffled.tls_legacy_url, shuffled.tls_target_url


def test_a_tls_only_legacy_and_target_with_an_encoded_password_build(shuffled):
    """The `shuffled` build (tests/conftest.py) went through TLS-only URLs with a percent-encoded
    password and application_name: it succeeded, and every hop carried the parameters."""
    result, target = shuffled.build, shuffled.tls_target_url
    assert result.returncode == 0
    assert TLS_PASSWORD not in result.stdout + result.stderr and ENCODED not in result.stdout + result.stderr
    options = query(target, "select srvoptions from pg_foreign_server where srvname = 'legacy_server'")[0][0]
    assert "sslmode=require" in options and "application_name=legacy-hop" in options
    # the target server's own connection to the legacy one is encrypted
    with connect(target, "target") as conn:
        conn.execute("select count(*) from legacy.dispatch_tag")
        ssl = conn.execute(
            """
            select s.ssl from pg_stat_ssl as s join pg_stat_activity as a using (pid)
            where a.application_name = 'legacy-hop' and a.datname = 'ct_shuffled_legacy'
            """
        ).fetchall()
    assert ssl and all(row[0] for row in ssl)


def test_without_tls_the_server_refuses_and_the_runner_says_which_hop(tls_databases):
    legacy = tls_databases[0].replace("sslmode=require", "sslmode=disable")
    result = run_cli("attach", "--legacy-url", legacy, "--target-url", tls_databases[1])
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "legacy database" in result.stderr


def test_a_password_the_legacy_server_rejects_on_the_fdw_hop_is_one_sentence(tls_databases):
    legacy, target = tls_databases
    before = query(target, "select count(*), max(run_seq) from migration.runs where status = 'ok'")
    result = run_cli("build", "--legacy-url", legacy.replace(ENCODED, "wrong-password"), "--target-url", target)
    assert result.returncode == 2
    message = result.stderr.strip()
    assert "hop target -> legacy" in message and "password authentication failed" in message
    assert "wrong-password" not in message and len(message.splitlines()) == 1
    assert query(target, "select count(*), max(run_seq) from migration.runs where status = 'ok'") == before


def test_the_target_urls_libpq_parameters_reach_dbts_own_connection(shuffled):
    """dbt's profile carries sslmode, application_name, connect_timeout, ... (profiles.example.yml):
    the run records what dbt's own backend saw (pg_stat_ssl, application_name)."""
    runs = query(
        shuffled.target_url,
        "select target_ssl, target_application_name from migration.runs where is_sync and snapshot_taken",
    )
    assert runs and all(run == (True, "target-hop") for run in runs), runs


def test_no_password_reaches_a_file_or_the_run_history(shuffled, tmp_path):
    """After the `shuffled` build through URLs with a password, `runner dbt ls` and a report with
    the same URLs: neither the password nor its percent-encoded spelling is in dbt's logs, target/
    (run_results.json, the manifest, partial parse), the reports or any text of the run history."""
    legacy, target = shuffled.tls_legacy_url, shuffled.tls_target_url
    listed = run_cli("dbt", "ls", "--resource-type", "model", "--legacy-url", legacy, "--target-url", target)
    assert listed.returncode == 0 and "legacy_migration.marts.core.orders" in listed.stdout, listed.stderr[-2000:]
    json_path, html_path = tmp_path / "report.json", tmp_path / "report.html"
    # the report of the `shuffled` build itself: a later test of this module records a refused build
    (built_run,) = query(target, "select max(run_seq) from migration.runs where is_sync and status = 'ok'")[0]
    report = run_cli(
        "report",
        "--run",
        str(built_run),
        "--json",
        str(json_path),
        "--html",
        str(html_path),
        "--legacy-url",
        legacy,
        "--target-url",
        target,
    )
    assert report.returncode == 0 and json_path.is_file() and html_path.is_file(), report.stdout[-3000:]
    folders = [ROOT / "logs", TARGET_DIR, tmp_path]
    files = [p for folder in folders for p in folder.rglob("*") if p.is_file()]
    assert any(p.name == "dbt.log" for p in files) and any(p.name == "run_results.json" for p in files)
    for output in (shuffled.build, listed, report):
        assert TLS_PASSWORD not in output.stdout + output.stderr and ENCODED not in output.stdout + output.stderr
    leaked = [str(p) for p in files if any(s.encode() in p.read_bytes() for s in (TLS_PASSWORD, ENCODED))]
    assert leaked == []
    history = query(
        target,
        "select coalesce(string_agg(r::text, ' '), '') from migration.runs as r "
        "union all select coalesce(string_agg(x::text, ' '), '') from migration.run_results as x",
    )
    assert history[0][0] and not any(TLS_PASSWORD in text or ENCODED in text for (text,) in history)
