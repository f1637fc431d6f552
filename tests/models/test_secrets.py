"""No token, password hash or session value of the legacy database reaches the target."""

import psycopg
import pytest

from tests.support import query

SECRETS = """
select key from public.dispatch_apitoken where key <> ''
union all select key_hash from public.dispatch_apitoken where key_hash <> ''
union all select token from public.dispatch_passwordreset
union all select push_token from public.dispatch_userdevice
union all select session_key from public.django_session
union all select session_data from public.django_session
union all select password from public.auth_user
"""

# secrets and target text are both cut into runs of 16+ token characters (a password hash's salt
# and digest, a token, a chunk of base64); any shared run is a leak. A hash join: linear.
FRAGMENT = "[A-Za-z0-9+/_-]{16,}"
FIND = (
    "select count(*) from {relation} as t "
    "cross join lateral regexp_matches(t.{column}::text, '" + FRAGMENT + "', 'g') as m "
    "join pg_temp.secrets as s on s.fragment = m[1]"
)


def leaks(target_url: str, secrets: list[str]) -> dict[str, int]:
    with psycopg.connect(target_url, autocommit=True) as conn:
        conn.execute("create temp table raw_secrets (value text)")
        with conn.cursor().copy("copy raw_secrets (value) from stdin") as copy:
            for value in set(secrets):
                copy.write_row((value,))
        conn.execute(
            f"create temp table secrets as select distinct m[1] as fragment "
            f"from raw_secrets cross join lateral regexp_matches(value, '{FRAGMENT}', 'g') as m"
        )
        conn.execute("analyze pg_temp.secrets")
        columns = conn.execute(
            """
            select quote_ident(c.table_schema) || '.' || quote_ident(c.table_name), quote_ident(c.column_name)
            from information_schema.columns c
            join information_schema.tables t using (table_schema, table_name)
            where t.table_type in ('BASE TABLE', 'VIEW')
              and c.table_schema not in ('pg_catalog', 'information_schema', 'legacy', 'legacy_catalog')
              and c.table_schema not like 'pg\\_%'
              and c.data_type in ('text', 'character varying', 'json', 'jsonb', 'ARRAY')
            """
        ).fetchall()
        found = {}
        for relation, column in columns:
            hits = conn.execute(FIND.replace("{relation}", relation).replace("{column}", column)).fetchone()[0]
            if hits:
                found[f"{relation}.{column}"] = hits
    return found


@pytest.fixture(scope="module")
def secrets(built):
    values = [r[0] for r in query(built.legacy_url, SECRETS)]
    assert len(values) > 100
    return values


def test_no_secret_value_occurs_in_the_target(built, secrets):
    assert leaks(built.target_url, secrets) == {}


def test_the_secret_scan_would_see_a_leak(built, secrets):
    query(built.target_url, "create table public.leak_probe (note text)")
    try:
        query(built.target_url, "insert into public.leak_probe values (%s)", [f"token={secrets[0]};"])
        assert leaks(built.target_url, secrets) == {"public.leak_probe.note": 1}
    finally:
        query(built.target_url, "drop table public.leak_probe")
