"""postgres_fdw attach: what is imported, what never is, and what a bad legacy schema gets."""

import subprocess

from runner.legacy.generate import generate
from runner.settings import PROJECT_ROOT
from tests.support import TARGET_DIR, contract, create_database, query, run_cli

SECRET_TABLES = {"dispatch_apitoken", "dispatch_passwordreset", "dispatch_userdevice", "django_session"}


def test_every_legacy_table_is_a_foreign_table_and_the_secret_ones_have_no_column(built):
    attached = dict(
        query(
            built.target_url,
            """
            select c.relname, count(a.attname) from pg_foreign_table as f
            join pg_class as c on c.oid = f.ftrelid
            left join pg_attribute as a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
            where c.relnamespace = 'legacy'::regnamespace group by c.relname
            """,
        )
    )
    assert set(attached) == set(contract()) and len(attached) == 63
    assert {t for t, columns in attached.items() if columns == 0} == SECRET_TABLES
    assert {t for t, meta in contract().items() if meta["secret"]} == SECRET_TABLES


def test_no_secret_column_exists_anywhere_in_the_target(built):
    """raw_response stays readable only in its foreign table and in the snapshot (card numbers masked),
    for brand/last 4/expiry extraction."""
    secret_columns = query(
        built.target_url,
        """
        select table_schema || '.' || table_name || '.' || column_name
        from information_schema.columns
        where column_name in ('password', 'session_data', 'session_key', 'push_token', 'key_hash', 'token', 'raw_response')
          and table_schema not in ('pg_catalog', 'information_schema')
        """,
    )
    assert sorted(secret_columns) == [
        ("legacy.dispatch_operation.raw_response",),
        ("legacy_snapshot.dispatch_operation.raw_response",),
    ]


def test_fetch_size_is_tuned(built):
    options = query(built.target_url, "select srvoptions from pg_foreign_server where srvname = 'legacy_server'")[0][0]
    assert any(o.startswith("fetch_size=") and int(o.split("=")[1]) >= 10000 for o in options)


def test_credentials_are_neither_printed_nor_written(cluster):
    secret = "Pw-never-shown-8271"
    query(
        f"postgresql://migrator@127.0.0.1:{cluster.port}/postgres",
        f"do $$ begin if not exists (select from pg_roles where rolname = 'legacy_reader') then "
        f"create role legacy_reader login superuser password '{secret}'; end if; end $$",
    )
    legacy = create_database("legacy_with_password")
    generate(legacy, 0.01, 3)
    target = create_database("target_with_password")
    url = f"postgresql://legacy_reader:{secret}@127.0.0.1:{cluster.port}/legacy_with_password"
    result = run_cli("attach", "--legacy-url", url, "--target-url", target)
    assert result.returncode == 0, result.stderr
    assert secret not in result.stdout + result.stderr
    found = subprocess.run(
        ["grep", "-rl", secret, str(TARGET_DIR), str(PROJECT_ROOT / "logs")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.stdout == ""


def test_unexpected_legacy_column_is_a_clear_error_that_changes_nothing(cluster):
    legacy = create_database("legacy_drifted")
    generate(legacy, 0.01, 5)
    query(legacy, "alter table public.dispatch_patient add column nickname text not null default ''")
    target = create_database("target_drifted")
    result = run_cli("attach", "--legacy-url", legacy, "--target-url", target)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "dispatch_patient has unexpected column(s) nickname" in lines[0]
    assert query(target, "select count(*) from pg_foreign_server")[0][0] == 0
