"""Each anomaly the generator injects into the communication and workflow tables ends where it
should, by legacy id: rejected with its reason, repaired as documented, or migrated flagged."""

import pytest

from tests.support import query


def anomalies(dbs, table, issue, kind=None):
    sql = "select legacy_id from synthetic.anomalies where table_name = %s and issue = %s"
    params = [table, issue]
    if kind:
        sql += " and kind = %s"
        params.append(kind)
    return sorted(r[0] for r in query(dbs.legacy_url, sql, params))


def rejects(dbs, table):
    return dict(
        query(dbs.target_url, "select legacy_id, reason_code from migration.rejects where source_table = %s", [table])
    )


def repaired(dbs, table, code):
    return {
        r[0]
        for r in query(
            dbs.target_url,
            "select legacy_id from migration.repairs where source_table = %s and repair_code = %s",
            [table, code],
        )
    }


@pytest.mark.parametrize(
    ("table", "issue", "kind", "reason"),
    [
        ("dispatch_task", 2, "orphan_instruction", "order_rejected"),
        ("dispatch_task", 2, "missing_instruction", "missing_instruction"),
        ("dispatch_message", 4, "orphan_instruction", "order_rejected"),
        ("dispatch_message", 4, "missing_instruction", "missing_instruction"),
        ("dispatch_record", 5, "retired_type", "retired_record_type"),
        ("dispatch_record", 5, "unexpected_content_type", "unexpected_content_type"),
        ("dispatch_record", 5, "missing_object", "missing_object"),
        ("dispatch_file", 6, "missing_patient", "missing_patient"),
    ],
)
def test_injected_rows_are_rejected_with_their_reason(built, table, issue, kind, reason):
    injected = anomalies(built, table, issue, kind)
    assert injected, f"the generator injected no issue {issue} {kind} into {table}"
    found = rejects(built, table)
    wrong = {i: found.get(i) for i in injected if found.get(i) != reason}
    assert not wrong, f"{table} issue {issue} {kind}: expected {reason}, got {wrong}"


def test_issue_2_rejects_of_orphan_tasks_name_the_orphan_order(built):
    injected = anomalies(built, "dispatch_task", 2, "orphan_instruction")
    details = query(
        built.target_url,
        "select detail from migration.rejects where source_table = 'dispatch_task' and legacy_id = any(%s)",
        [injected],
    )
    assert details and all("(orphan_patient)" in d for (d,) in details)


def test_issue_2_internal_tasks_migrate_without_order(built):
    internal = [
        r[0] for r in query(built.legacy_url, "select id from public.dispatch_task where instruction_id is null")
    ]
    assert internal
    rows = query(
        built.target_url,
        "select legacy_id, order_id is null and is_internal from public.tasks where legacy_id = any(%s)",
        [internal],
    )
    assert sorted(r[0] for r in rows) == sorted(internal)
    assert all(ok for _, ok in rows)


def test_tasks_without_type_take_the_unknown_legacy_task_type(built):
    untyped = [r[0] for r in query(built.legacy_url, "select id from public.dispatch_task where task_type_id is null")]
    assert untyped
    found = rejects(built, "dispatch_task")
    migrated = [i for i in untyped if i not in found]
    rows = query(
        built.target_url,
        "select t.legacy_id, tt.code, tt.is_placeholder from public.tasks t "
        "join public.task_types tt on tt.id = t.task_type_id where t.legacy_id = any(%s)",
        [migrated],
    )
    assert sorted(r[0] for r in rows) == sorted(migrated)
    assert all(code == "unknown_legacy" and placeholder for _, code, placeholder in rows)
    assert repaired(built, "dispatch_task", "task_type_unknown_legacy") == set(migrated)


def test_issue_4_system_messages_have_no_sender(built):
    system = [r[0] for r in query(built.legacy_url, "select id from public.dispatch_message where sender_id is null")]
    assert system
    rows = query(
        built.target_url,
        "select sender_id is null and sent_by_system from public.case_messages "
        "where legacy_table = 'dispatch_message' and legacy_id = any(%s)",
        [system],
    )
    assert rows and all(ok for (ok,) in rows)


def test_doctor_notes_are_case_messages_of_kind_doctor_note(built):
    legacy = dict(query(built.legacy_url, "select id, is_private from public.dispatch_doctornote"))
    found = rejects(built, "dispatch_doctornote")
    rows = dict(
        query(
            built.target_url,
            "select legacy_id, is_private from public.case_messages "
            "where legacy_table = 'dispatch_doctornote' and kind = 'doctor_note'",
        )
    )
    assert rows == {i: p for i, p in legacy.items() if i not in found}


def test_issue_5_user_records_land_on_the_right_profile(built):
    """Records on the proxy dispatch.user carry an auth_user id: the user's profile, or the kept
    profile of a case-insensitive duplicate address (the one whose e-mail is that address)."""
    legacy = query(
        built.legacy_url,
        "select r.id, lower(btrim(u.email)) from public.dispatch_record r "
        "join public.django_content_type ct on ct.id = r.content_type_id "
        "join public.auth_user u on u.id = r.object_id "
        "where ct.app_label = 'dispatch' and ct.model = 'user' and r.type not in (1, 2, 4, 7)",
    )
    assert legacy
    found = rejects(built, "dispatch_record")
    expected = {i: email for i, email in legacy if i not in found}
    assert expected
    got = dict(
        query(
            built.target_url,
            "select m.legacy_id, p.email from public.messages m join public.profiles p on p.id = m.profile_id "
            "where m.subject_type = 'profile' and m.patient_id is null and m.legacy_id = any(%s)",
            [list(expected)],
        )
    )
    assert got == expected


def test_issue_5_patient_records_land_on_their_patient(built):
    legacy = dict(
        query(
            built.legacy_url,
            "select r.id, r.object_id from public.dispatch_record r "
            "join public.django_content_type ct on ct.id = r.content_type_id "
            "where ct.app_label = 'dispatch' and ct.model = 'patient'",
        )
    )
    got = dict(
        query(
            built.target_url,
            "select m.legacy_id, p.legacy_id from public.messages m join public.patients p on p.id = m.patient_id",
        )
    )
    assert got
    assert all(legacy[i] == patient for i, patient in got.items())


def test_issue_12_empty_record_data_is_null_and_counted(built):
    injected = anomalies(built, "dispatch_record", 12, "empty_string")
    assert injected
    migrated = dict(
        query(built.target_url, "select legacy_id, data from public.messages where legacy_id = any(%s)", [injected])
    )
    assert migrated and all(v is None for v in migrated.values())
    assert set(migrated) <= repaired(built, "dispatch_record", "data_empty_string_nulled")


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("python_repr", "payload_malformed_json_nulled"),
        ("truncated", "payload_malformed_json_nulled"),
        ("empty_string", "payload_empty_string_nulled"),
    ],
)
def test_issue_12_notification_payloads_are_null_and_counted(built, kind, code):
    injected = anomalies(built, "dispatch_notification", 12, kind)
    assert injected, f"the generator injected no {kind} payload"
    found = rejects(built, "dispatch_notification")
    expected = [i for i in injected if i not in found]
    rows = dict(
        query(
            built.target_url,
            "select legacy_id, payload from public.system_messages where legacy_id = any(%s)",
            [expected],
        )
    )
    assert sorted(rows) == sorted(expected)
    assert all(v is None for v in rows.values())
    assert set(expected) <= repaired(built, "dispatch_notification", code)


def test_issue_12_valid_payloads_are_kept(built):
    rows = query(
        built.target_url,
        "select count(*), count(payload) from public.system_messages where legacy_id <> all(%s)",
        [anomalies(built, "dispatch_notification", 12)],
    )
    total, with_payload = rows[0]
    assert total > 0 and total == with_payload


def test_issue_16_nps_rows_keep_their_score_on_the_nps_scale(built):
    injected = anomalies(built, "dispatch_feedback", 16, "nps_scale")
    assert injected
    legacy = dict(
        query(built.legacy_url, "select id, rating from public.dispatch_feedback where id = any(%s)", [injected])
    )
    rows = query(
        built.target_url,
        "select legacy_id, rating, rating_scale, source from public.customer_feedback where legacy_id = any(%s)",
        [injected],
    )
    assert sorted(r[0] for r in rows) == injected
    assert all(scale == "nps_0_10" and source == "nps_survey" for _, _, scale, source in rows)
    assert {r[0]: r[1] for r in rows} == legacy
    assert any(r[1] > 5 for r in rows), "no NPS score above the 1-5 scale: the test proves nothing"


def test_issue_16_zero_ratings_mean_no_rating(built):
    injected = anomalies(built, "dispatch_feedback", 16, "zero_rating")
    assert injected
    rows = query(
        built.target_url,
        "select legacy_id, rating, rating_scale from public.customer_feedback where legacy_id = any(%s)",
        [injected],
    )
    assert sorted(r[0] for r in rows) == injected
    assert all(rating is None and scale == "stars_1_5" for _, rating, scale in rows)
    assert repaired(built, "dispatch_feedback", "zero_rating_as_no_rating") == set(injected)


def test_files_split_by_content_type_and_soft_deletes_are_flagged(built):
    legacy = query(
        built.legacy_url,
        "select f.id, ct.model, f.is_deleted from public.dispatch_file f "
        "join public.django_content_type ct on ct.id = f.content_type_id",
    )
    found = rejects(built, "dispatch_file")
    order_files = dict(
        query(built.target_url, "select legacy_id, is_deleted and deleted_at is not null from public.order_files")
    )
    case_files = dict(
        query(built.target_url, "select legacy_id, is_deleted and deleted_at is not null from public.case_files")
    )
    for file_id, model, is_deleted in legacy:
        if file_id in found:
            continue
        mart = order_files if model == "instruction" else case_files
        assert mart.get(file_id) == is_deleted, (file_id, model)
    assert any(is_deleted for _, _, is_deleted in legacy)


def test_issue_18_children_of_soft_deleted_orders_stay_attached(built):
    deleted = anomalies(built, "dispatch_instruction", 18, "soft_deleted_parent")
    assert deleted
    rows = query(
        built.target_url,
        "select count(*) from public.order_files f join public.orders o on o.id = f.order_id "
        "where o.is_deleted and o.legacy_id = any(%s)",
        [deleted],
    )
    assert rows[0][0] > 0
