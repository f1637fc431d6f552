"""Each anomaly the generator injected into the slice's tables ends where it should, by legacy id."""

import pytest

from tests.support import query


def anomalies(dbs, table, issue, kind=None):
    sql = "select legacy_id, column_name, expected from synthetic.anomalies where table_name = %s and issue = %s"
    params = [table, issue]
    if kind:
        sql += " and kind = %s"
        params.append(kind)
    return query(dbs.legacy_url, sql, params)


def rejects(dbs, table):
    return dict(
        query(dbs.target_url, "select legacy_id, reason_code from migration.rejects where source_table = %s", [table])
    )


def assert_rejected(dbs, table, issue, kind, reason):
    injected = anomalies(dbs, table, issue, kind)
    assert injected, f"the generator injected no issue {issue} {kind} into {table}"
    found = rejects(dbs, table)
    wrong = {i: found.get(i) for i, _, _ in injected if found.get(i) != reason}
    assert not wrong, f"{table} issue {issue} {kind}: expected {reason}, got {wrong}"


def test_issue_1_orphan_instructions_are_rejected(built):
    assert_rejected(built, "dispatch_instruction", 1, "orphan_patient", "orphan_patient")


def test_issue_7_users_without_email_are_rejected(built):
    assert_rejected(built, "auth_user", 7, "missing_email", "missing_email")


def test_issue_7_users_without_usersetting_are_repaired(built):
    injected = [i for i, _, _ in anomalies(built, "auth_user", 7, "no_usersetting")]
    assert injected
    rows = query(
        built.target_url,
        "select p.legacy_id, p.legacy_usersetting_id, p.role from public.profiles p where p.legacy_id = any(%s)",
        [injected],
    )
    assert sorted(r[0] for r in rows) == sorted(injected)
    assert all(r[1] is None and r[2] for r in rows)
    repaired = query(
        built.target_url,
        "select distinct legacy_id from migration.repairs where source_table = 'auth_user' "
        "and repair_code = 'usersetting_missing_defaults_used'",
    )
    assert sorted(r[0] for r in repaired) == sorted(injected)


def test_issue_13_case_duplicates_keep_exactly_one_profile(built):
    members = anomalies(built, "auth_user", 13, "case_duplicate_email")
    assert members
    groups: dict[str, list[int]] = {}
    for legacy_id, _, expected in members:
        groups.setdefault(expected, []).append(legacy_id)
    found = rejects(built, "auth_user")
    for address, ids in groups.items():
        migrated = query(
            built.target_url, "select legacy_id, email from public.profiles where legacy_id = any(%s)", [ids]
        )
        assert len(migrated) == 1, address
        assert migrated[0][1] == address
        assert sorted(found.get(i) for i in ids if i != migrated[0][0]) == ["duplicate_email"] * (len(ids) - 1)


def test_profiles_emails_are_unique_case_insensitively(built):
    assert query(built.target_url, "select count(*) - count(distinct lower(email)) from public.profiles") == [(0,)]


def test_issue_8_underivable_patients_are_rejected(built):
    assert_rejected(built, "dispatch_patient", 8, "office_underivable", "no_office")


def test_issue_8_offices_are_derived_from_the_doctor(built):
    injected = anomalies(built, "dispatch_patient", 8, "office_from_doctor")
    assert injected
    rows = dict(
        query(
            built.target_url,
            "select p.legacy_id, o.legacy_id from public.patients p join public.offices o on o.id = p.office_id "
            "where p.legacy_id = any(%s)",
            [[i for i, _, _ in injected]],
        )
    )
    assert {i: int(e) for i, _, e in injected} == rows


def test_orders_without_office_take_the_patient_office(built):
    derived = [
        r[0] for r in query(built.legacy_url, "select id from public.dispatch_instruction where office_id is null")
    ]
    migrated = query(
        built.target_url,
        "select o.legacy_id, o.office_id = p.office_id from public.orders o join public.patients p on p.id = o.patient_id "
        "where o.legacy_id = any(%s)",
        [derived],
    )
    assert migrated and all(same for _, same in migrated)


@pytest.mark.parametrize(
    ("table", "column", "mart", "mart_column"),
    [
        ("dispatch_patient", "phone", "patients", "phone"),
        ("dispatch_office", "phone", "offices", "phone"),
        ("dispatch_office", "fax", "offices", "fax"),
    ],
)
def test_issue_14_phones_are_normalised_and_raw_kept(built, table, column, mart, mart_column):
    injected = query(
        built.legacy_url,
        "select legacy_id, expected from synthetic.anomalies where table_name = %s and issue = 14 and column_name = %s",
        [table, column],
    )
    assert injected
    got = dict(
        query(
            built.target_url,
            f"select legacy_id, {mart_column} from public.{mart} where legacy_id = any(%s)",
            [[i for i, _ in injected]],
        )
    )
    raw = dict(query(built.legacy_url, f"select id, {column} from public.{table} where id = any(%s)", [list(got)]))
    raw_kept = dict(
        query(
            built.target_url,
            f"select legacy_id, {mart_column}_raw from public.{mart} where legacy_id = any(%s)",
            [list(got)],
        )
    )
    assert got, "no injected phone reached the mart"
    assert {i: e for i, e in injected if i in got} == got
    assert raw == raw_kept


def test_issue_14_usersetting_phones(built):
    injected = query(
        built.legacy_url,
        "select s.user_id, a.expected from synthetic.anomalies a join public.dispatch_usersetting s on s.id = a.legacy_id "
        "where a.table_name = 'dispatch_usersetting' and a.issue = 14",
    )
    got = dict(
        query(
            built.target_url,
            "select legacy_id, phone from public.profiles where legacy_id = any(%s)",
            [[u for u, _ in injected]],
        )
    )
    assert got
    assert {u: e for u, e in injected if u in got} == got


@pytest.mark.parametrize(("table", "mart"), [("dispatch_patient", "patients"), ("dispatch_instruction", "orders")])
def test_issue_18_soft_deleted_parents_migrate_flagged(built, table, mart):
    injected = [i for i, _, _ in anomalies(built, table, 18, "soft_deleted_parent")]
    assert injected
    found = rejects(built, table)
    expected = [i for i in injected if i not in found]
    assert expected
    rows = query(
        built.target_url,
        f"select legacy_id, is_deleted, deleted_at is not null from public.{mart} where legacy_id = any(%s)",
        [expected],
    )
    assert sorted(r[0] for r in rows) == sorted(expected)
    assert all(r[1] and r[2] for r in rows)


def test_naive_shipped_at_is_converted_from_new_york(built):
    legacy = dict(
        query(
            built.legacy_url,
            "select id, shipped_at::text from public.dispatch_instruction where shipped_at is not null limit 20",
        )
    )
    target = dict(
        query(
            built.target_url,
            "select legacy_id, (shipped_at at time zone 'America/New_York')::text from public.orders where legacy_id = any(%s)",
            [list(legacy)],
        )
    )
    assert target
    assert all(legacy[i] == t for i, t in target.items())
