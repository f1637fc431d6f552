"""Generic foreign keys resolve through django_content_type by (app_label, model), never by id: a
legacy database generated with `--shuffle-content-types` (same seed and scale as the suite's) has
every content-type id moved, dispatch.user included, and migrates exactly as the default one (the
`shuffled` fixture of tests/conftest.py, which test_urls.py shares)."""

from __future__ import annotations

import pytest

from tests.support import query

# every legacy column that holds a content-type id (generic foreign keys and auth_permission)
CONTENT_TYPE_COLUMNS = {
    "auth_permission": "content_type_id",
    "django_admin_log": "content_type_id",
    "dispatch_auditlog": "content_type_id",
    "dispatch_file": "content_type_id",
    "dispatch_record": "content_type_id",
}
GENERIC_FK_TABLES = ("dispatch_record", "dispatch_file", "auth_permission")


def test_every_content_type_id_moved_including_the_dispatch_user_proxy(built, shuffled):
    default = dict(query(built.legacy_url, "select app_label || '.' || model, id from django_content_type"))
    moved = dict(query(shuffled.legacy_url, "select app_label || '.' || model, id from django_content_type"))
    assert set(default) == set(moved)
    assert [name for name in default if default[name] == moved[name]] == []
    assert default["dispatch.user"] != moved["dispatch.user"]
    assert sorted(default.values()) == sorted(moved.values())


def test_generic_foreign_keys_were_rewritten_consistently(built, shuffled):
    """Row for row, every content-type column names the same (app_label, model) in both databases."""
    for table, column in CONTENT_TYPE_COLUMNS.items():
        sql = (
            f"select md5(coalesce(string_agg(t.id::text || ':' || coalesce(ct.app_label || '.' || ct.model, '-'), "
            f"',' order by t.id), '')), count(*), count(t.{column}) "
            f"from public.{table} as t left join django_content_type as ct on ct.id = t.{column}"
        )
        assert query(built.legacy_url, sql) == query(shuffled.legacy_url, sql), table
    differing = query(
        shuffled.legacy_url,
        "select count(*) from dispatch_record as r join django_content_type as ct on ct.id = r.content_type_id "
        "where (ct.app_label, ct.model) in (('dispatch', 'patient'), ('dispatch', 'user'))",
    )
    assert differing[0][0] > 0


def ledger(url: str, table: str) -> dict[int, tuple]:
    rows = query(
        url,
        "select legacy_id, disposition, reason_code, repairs, target_table from migration.row_ledger "
        "where source_table = %s",
        (table,),
    )
    return {r[0]: r[1:] for r in rows}


@pytest.mark.parametrize("table", GENERIC_FK_TABLES)
def test_shuffled_content_types_migrate_identically_per_legacy_id(built, shuffled, table):
    default, moved = ledger(built.target_url, table), ledger(shuffled.target_url, table)
    assert default, table
    differ = sorted(i for i in set(default) | set(moved) if default.get(i) != moved.get(i))
    shown = {i: (default.get(i), moved.get(i)) for i in differ[:5]}
    assert differ == [], f"{table}: {len(differ)} legacy ids migrate differently (default, shuffled): {shown}"


def test_records_point_at_the_same_subjects(built, shuffled):
    """messages.subject_type and the subject's legacy id are the same for every record."""
    sql = """
        select m.legacy_id, m.subject_type, coalesce(p.legacy_id, u.legacy_id)
        from messages as m
        left join patients as p on p.id = m.patient_id
        left join profiles as u on u.id = m.profile_id
        order by m.legacy_id
    """
    rows = query(built.target_url, sql)
    assert rows and rows == query(shuffled.target_url, sql)
