"""Connection URLs: parsed by libpq's rules, every parameter carried to each hop it applies to
(the runner, dbt, postgres_fdw), the password never shown; a real TLS server for the FDW hop."""

from __future__ import annotations

import pytest

from runner.attach import attach_in, check_live_schema, live_schema
from runner.db import connect
from runner.errors import EnvironmentProblem
from runner.settings import Conninfo
from tests.support import TLS_ENCODED as ENCODED
from tests.support import TLS_PASSWORD, query, run_cli


def test_a_percent_encoded_password_and_query_parameters_reach_every_hop():
    url = (
        f"postgresql://reader:{ENCODED}@db.example.com:6543/legacy"
        "?sslmode=require&sslrootcert=/etc/ssl/ca.pem&application_name=migration&options=-c%20statement_timeout%3D0"
    )
    info = Conninfo.parse(url, "legacy")
    assert info.params["password"] == TLS_PASSWORD
    dbt = info.dbt_environment()
    assert dbt["MIGRATION_TARGET_PASSWORD"] == TLS_PASSWORD
    assert dbt["MIGRATION_TARGET_SSLMODE"] == "require"
    assert dbt["MIGRATION_TARGET_SSLROOTCERT"] == "/etc/ssl/ca.pem"
    assert dbt["PGOPTIONS"] == "-c statement_timeout=0"  # no profile field: libpq's variable
    server, mapping = info.fdw_options()
    assert server == {
        "host": "db.example.com",
        "port": "6543",
        "dbname": "legacy",
        "sslmode": "require",
        "sslrootcert": "/etc/ssl/ca.pem",
        "application_name": "migration",
        "options": "-c statement_timeout=0",
    }
    assert mapping == {"user": "reader", "password": TLS_PASSWORD}
    assert TLS_PASSWORD not in info.redacted() and ENCODED not in info.redacted()


@pytest.mark.parametrize(
    ("url", "hop"),
    [
        ("postgresql://u@h/db?passfile=/x", "postgres_fdw"),
        ("postgresql://u@h/db?keepalives=1", "dbt"),
    ],
)
def test_a_parameter_a_hop_cannot_carry_is_refused_in_one_sentence(url, hop):
    info = Conninfo.parse(url, "legacy")
    with pytest.raises(EnvironmentProblem) as refused:
        info.fdw_options() if hop == "postgres_fdw" else info.dbt_environment()
    assert hop in str(refused.value) and "--legacy-url" in str(refused.value)
    assert len(str(refused.value).splitlines()) == 1


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
        conn.execute("select count(*) from legacy_rowcount.dispatch_tag")
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
    live = live_schema(legacy)
    check_live_schema(live)
    wrong = Conninfo.parse(legacy.replace(ENCODED, "wrong-password"), "legacy")
    with connect(target, "target") as conn, pytest.raises(EnvironmentProblem) as refused:
        attach_in(conn, wrong, live)
    message = str(refused.value)
    assert "hop target -> legacy" in message and "password authentication failed" in message
    assert "wrong-password" not in message and len(message.splitlines()) == 1
