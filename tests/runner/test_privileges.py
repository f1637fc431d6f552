"""Least privilege on every hop: a database error ends as one sentence naming the hop, the object,
the missing privilege and the fix (exit 2), the target unchanged; an extension an administrator
created where the migration would not put it is used where it is (a managed database: Supabase
keeps postgres_fdw in schema extensions, others in public)."""

from __future__ import annotations

import psycopg
import pytest

from runner.settings import embedded_url
from tests.support import create_database, query, run_cli


def admin(sql: str, database: str = "postgres") -> None:
    with psycopg.connect(embedded_url(database), autocommit=True) as conn:
        conn.execute(sql)


def role(name: str) -> str:
    """A login role of the test cluster without superuser (made once; its grants are the tests')."""
    admin(
        f"do $$ begin if not exists (select from pg_roles where rolname = '{name}') then "
        f"create role {name} login nosuperuser; end if; end $$"
    )
    return name


def url_of(user: str, database: str, port: int) -> str:
    return f"postgresql://{user}@127.0.0.1:{port}/{database}"


def one_sentence(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stdout[-2000:] + result.stderr[-2000:]
    assert "Traceback" not in result.stdout + result.stderr
    return lines[0]


def test_a_legacy_role_that_may_not_read_one_table_is_one_sentence_and_changes_nothing(built, cluster):
    legacy_db = built.legacy_url.rsplit("/", 1)[1].split("?")[0]
    reader = role("legacy_partial")
    admin(
        f"grant usage on schema public to {reader}; grant select on all tables in schema public to {reader}", legacy_db
    )
    admin(f"revoke select on public.dispatch_patient from {reader}", legacy_db)
    target = built.target_url
    before = query(target, "select count(*), max(run_seq) filter (where status = 'ok') from migration.runs")
    patients = query(target, "select count(*), sum(hashtext(id::text)) from patients")
    try:
        result = run_cli("build", "--legacy-url", url_of(reader, legacy_db, cluster.port), "--target-url", target)
        sentence = one_sentence(result)
        assert "hop target -> legacy" in sentence and "dispatch_patient" in sentence, sentence
        assert (
            "permission denied" in sentence and f"grant select on all tables in schema public to {reader};" in sentence
        )
        assert query(target, "select count(*) from migration.runs where status = 'running'") == [(0,)]
        runs = query(target, "select count(*), max(run_seq) filter (where status = 'ok') from migration.runs")
        assert runs[0][1] == before[0][1]  # no sync succeeded, none is left running
        assert query(target, "select count(*), sum(hashtext(id::text)) from patients") == patients
    finally:
        # the next sync attaches the suite's own legacy role again
        restored = run_cli("build")
        assert restored.returncode == 0, restored.stdout[-2000:] + restored.stderr[-2000:]
        admin(f"revoke select on all tables in schema public from {reader}", legacy_db)


def test_a_target_role_that_may_not_create_schemas_is_one_sentence(built, cluster):
    database = "pytest_target_locked"
    create_database(database)
    user = role("target_plain")
    result = run_cli("attach", "--legacy-url", built.legacy_url, "--target-url", url_of(user, database, cluster.port))
    sentence = one_sentence(result)
    assert f"The target role {user} may not create objects in schema(s) migration" in sentence, sentence
    assert "hop dbt -> target" in sentence and f"grant create on database {database} to {user};" in sentence
    assert query(embedded_url(database), "select count(*) from pg_namespace where nspname = 'migration'") == [(0,)]


@pytest.fixture(scope="module")
def managed(cluster):
    """A target as a managed database hands it out: an administrator created postgres_fdw in
    public and gave a role without superuser CREATE on the database and on schema public and USAGE
    on the wrapper."""
    database = "pytest_target_managed"
    create_database(database)
    owner = role("target_owner")
    admin("create extension postgres_fdw schema public", database)
    admin(f"grant create on database {database} to {owner}", database)
    admin(f"grant usage on foreign data wrapper postgres_fdw to {owner}", database)
    admin(f"grant usage, create on schema public to {owner}", database)
    return url_of(owner, database, cluster.port)


def test_an_fdw_extension_in_public_is_used_where_it_is_by_a_role_without_superuser(managed, shuffled):
    # postgres_fdw lets a role without superuser connect with a password only: the TLS role's
    result = run_cli("attach", "--legacy-url", shuffled.tls_legacy_url, "--target-url", managed)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert query(
        managed.replace("target_owner@", "migrator@"),
        "select e.extnamespace::regnamespace::text, (select count(*) from pg_foreign_table as f join pg_class as c "
        "on c.oid = f.ftrelid where c.relnamespace = 'legacy'::regnamespace) from pg_extension as e "
        "where e.extname = 'postgres_fdw'",
    ) == [("public", 63)]


def test_a_role_without_usage_on_the_wrapper_is_told_what_an_administrator_runs(managed, shuffled):
    database = "pytest_target_managed"
    admin("revoke usage on foreign data wrapper postgres_fdw from target_owner", database)
    try:
        result = run_cli("attach", "--legacy-url", shuffled.tls_legacy_url, "--target-url", managed)
        sentence = one_sentence(result)
        assert "The target role target_owner may not create the postgres_fdw server (hop dbt -> target: " in sentence, (
            sentence
        )
        assert (
            "an administrator must run `grant usage on foreign data wrapper postgres_fdw to target_owner;`" in sentence
        )
    finally:
        admin("grant usage on foreign data wrapper postgres_fdw to target_owner", database)
