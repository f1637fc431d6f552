"""Shapes of real legacy data (tracker issue 7, synthetic issue 20): free text arrives byte-identical
(docs/text-policy.md), malformed JSON is recorded and quarantined, order parents that loop are
broken where documented, Luhn-passing phones are not card numbers. Each check names the legacy id."""

from __future__ import annotations

import pytest

from tests.support import query

# mart -> [(legacy table, mart key column, extra mart filter, {mart column: legacy column})]: every
# text column of every mart that is free text and passes through byte-identical. '' in legacy is
# NULL in the target (the only change the policy allows); a card number masked by the sync (with a
# <column>_card_number_masked repair) is the only other one.
PASS_THROUGH: dict[str, list[tuple[str, str, str, dict[str, str]]]] = {
    "addresses": [
        (
            "dispatch_address",
            "legacy_id",
            "",
            {"line1": "line1", "line2": "line2", "city": "city", "state": "state", "phone_raw": "phone"},
        )
    ],
    "brackets": [
        ("dispatch_bracket", "legacy_id", "", {"manufacturer": "manufacturer", "bracket_system": "bracket_system"})
    ],
    "case_files": [("dispatch_file", "legacy_id", "", {"name": "name"})],
    "order_files": [("dispatch_file", "legacy_id", "", {"name": "name"})],
    "case_messages": [
        ("dispatch_message", "legacy_id", "legacy_table = 'dispatch_message'", {"subject": "subject", "body": "body"}),
        ("dispatch_doctornote", "legacy_id", "legacy_table = 'dispatch_doctornote'", {"body": "text"}),
    ],
    "case_states": [("dispatch_state", "legacy_id", "", {"comment": "comment"})],
    "customer_feedback": [("dispatch_feedback", "legacy_id", "", {"comment": "comment"})],
    "global_settings": [("dispatch_globalsetting", "legacy_id", "", {"description": "description"})],
    "message_templates": [("dispatch_template", "legacy_id", "", {"subject": "subject"})],
    "messages": [("dispatch_record", "legacy_id", "", {"title": "title", "body": "text"})],
    "offers": [("dispatch_offer", "legacy_id", "", {"description": "description"})],
    "offices": [("dispatch_office", "legacy_id", "", {"notes": "notes", "phone_raw": "phone", "fax_raw": "fax"})],
    "orders": [
        (
            "dispatch_instruction",
            "legacy_id",
            "",
            {"treatment_goals": "treatment_goals", "special_instructions": "special_instructions"},
        )
    ],
    "patient_events": [("dispatch_milestone", "legacy_id", "", {"note": "note"})],
    "patients": [
        (
            "dispatch_patient",
            "legacy_id",
            "",
            {"first_name": "first_name", "last_name": "last_name", "phone_raw": "phone", "notes": "notes"},
        )
    ],
    "payments": [("dispatch_payment", "legacy_id", "", {"note": "note"})],
    "products": [("dispatch_product", "legacy_id", "", {"description": "description"})],
    "profiles": [
        ("auth_user", "legacy_id", "", {"first_name": "first_name", "last_name": "last_name"}),
        ("dispatch_usersetting", "legacy_usersetting_id", "", {"phone_raw": "phone", "title": "title"}),
    ],
    "purchase_items": [("dispatch_purchaseitem", "legacy_id", "", {"description": "description"})],
    "purchases": [("dispatch_purchase", "legacy_id", "", {"note": "note"})],
    "roles": [("dispatch_role", "legacy_id", "", {"description": "description"})],
    "team_communications": [("dispatch_comment", "legacy_id", "", {"body": "text"})],
    "tasks": [("dispatch_task", "legacy_id", "", {"note": "note"})],
    "treatment_plans": [("dispatch_plan", "legacy_id", "", {"name": "name", "notes": "notes"})],
    "projects": [("dispatch_project", "legacy_id", "", {"name": "name"})],
}

# every other text column of a mart, with the policy that applies (docs/text-policy.md): names of
# reference data and codes are identifiers (trimmed, '' -> NULL), the rest is derived by the model
NOT_PASS_THROUGH: dict[str, set[str]] = {
    "addresses": {"zip_code", "phone"},
    "brackets": {"name", "sku", "tooth", "slot"},
    "case_files": {"kind", "storage_key", "legacy_storage", "mime_type"},
    "order_files": {"kind", "storage_key", "legacy_storage", "mime_type"},
    "case_messages": {"legacy_table", "kind"},
    "case_states": {"from_state", "to_state"},
    "cases": {"kind", "state"},
    "categories": {"name", "slug", "kind"},
    "countries": {"code", "name", "phone_prefix", "calling_code"},
    "coupons": {"code", "currency"},
    "couriers": {"name", "code", "tracking_url"},
    "customer_feedback": {"source", "rating_scale"},
    "discounts": {"name", "kind", "currency"},
    "global_settings": {"key", "value"},
    "invoices": {"number", "status", "currency", "pdf_path"},
    "jaws": {"jaw"},
    "message_templates": {"name", "slug", "channel", "message_kind", "locale", "body"},
    "messages": {"record_type", "subject_type"},
    "offers": {"name", "currency"},
    "offices": {"name", "code", "email", "phone", "fax", "website", "tax_id", "square_customer_id"},
    "operations": {
        "kind",
        "status",
        "currency",
        "square_payment_id",
        "square_refund_id",
        "square_order_id",
        "square_location_id",
        "idempotency_key_text",
        "card_brand",
        "card_last4",
        "error",
    },
    "orders": {"number", "kind", "status", "arch", "priority"},
    "patient_events": {"kind"},
    "patients": {"email", "phone", "sex", "chart_number", "status"},
    "payments": {"currency", "method", "reference"},
    "permissions": {"name", "codename", "app_label", "model"},
    "product_prices": {"currency"},
    "products": {"name", "sku", "kind", "square_catalog_id"},
    "profiles": {
        "email",
        "email_as_entered",
        "username",
        "role",
        "phone",
        "locale",
        "timezone",
        "license_number",
        "avatar_path",
    },
    "projects": {"software", "status"},
    "purchase_items": {"currency"},
    "purchases": {"number", "status", "currency"},
    "roles": {"name", "slug"},
    "shipments": {"direction", "status", "tracking_number", "label_path"},
    "system_messages": {"verb", "level"},
    "tags": {"name", "color"},
    "task_types": {"name", "code"},
    "tasks": {"status", "priority"},
    "treatment_plans": {"status", "viewer_url"},
}


def mart_text_columns(url: str) -> dict[str, set[str]]:
    rows = query(
        url,
        """
        select table_name, column_name from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'character varying')
          and table_name in (select table_name from information_schema.tables
                             where table_schema = 'public' and table_type = 'BASE TABLE')
        """,
    )
    columns: dict[str, set[str]] = {}
    for table, column in rows:
        columns.setdefault(table, set()).add(column)
    return columns


def test_every_mart_text_column_has_a_text_policy(built):
    """A new text column fails here until it is classified: pass-through or identifier/derived."""
    classified = {mart: set(NOT_PASS_THROUGH.get(mart, set())) for mart in mart_text_columns(built.target_url)}
    for mart, sources in PASS_THROUGH.items():
        for _, _, _, columns in sources:
            classified.setdefault(mart, set()).update(columns)
    assert classified == mart_text_columns(built.target_url)


def masked(url: str, legacy_table: str, legacy_column: str) -> set[int]:
    rows = query(
        url,
        "select legacy_id from migration.repairs where source_table = %s and repair_code = %s",
        (legacy_table, f"{legacy_column}_card_number_masked"),
    )
    return {r[0] for r in rows}


@pytest.mark.parametrize(
    ("mart", "source"),
    [(mart, i) for mart, sources in PASS_THROUGH.items() for i in range(len(sources))],
)
def test_free_text_arrives_byte_identical(built, mart, source):
    """Per column: the md5 of every row's md5 (in legacy id order) is the same in the mart as in
    legacy ('' counting as NULL); a difference names the table, column and first legacy ids."""
    legacy_table, key, where, columns = PASS_THROUGH[mart][source]
    rows = query(
        built.target_url,
        f"select {key}, {', '.join(f'md5({c})' for c in columns)} from public.{mart} "
        f"where {key} is not null {'and ' + where if where else ''}",
    )
    assert rows, f"{mart}: no rows from {legacy_table}"
    target = {r[0]: r[1:] for r in rows}
    legacy_rows = query(
        built.legacy_url,
        f"select id, {', '.join(f'md5(nullif({c}::text, {chr(39) * 2}))' for c in columns.values())} "
        f"from public.{legacy_table} where id = any(%s)",
        (list(target),),
    )
    legacy = {r[0]: r[1:] for r in legacy_rows}
    assert set(legacy) == set(target)
    failures = []
    for i, (mart_column, legacy_column) in enumerate(columns.items()):
        skip = masked(built.target_url, legacy_table, legacy_column)
        ids = sorted(set(target) - skip)
        digest_target = query(built.target_url, "select md5(%s)", ("|".join(str(target[k][i]) for k in ids),))
        digest_legacy = query(built.target_url, "select md5(%s)", ("|".join(str(legacy[k][i]) for k in ids),))
        if digest_target != digest_legacy:
            differ = [k for k in ids if target[k][i] != legacy[k][i]]
            failures.append(
                f"public.{mart}.{mart_column} <> {legacy_table}.{legacy_column}: {len(differ)} rows, "
                f"legacy ids {differ[:5]}"
            )
    assert not failures, failures


def anomalies(built, issue: int, column: str | None = None) -> list[tuple]:
    return query(
        built.legacy_url,
        "select table_name, legacy_id, kind, column_name, expected from synthetic.anomalies "
        "where issue = %s and (%s::text is null or column_name = %s) order by table_name, legacy_id, kind",
        (issue, column, column),
    )


def ledger_repairs(built, table: str, legacy_id: int) -> list[str]:
    """The repairs the ledger records on one legacy row."""
    return query(
        built.target_url,
        "select repairs from migration.row_ledger where source_table = %s and legacy_id = %s",
        (table, legacy_id),
    )[0][0]


SHAPE_MART = {
    ("dispatch_patient", "notes"): ("patients", "notes", ""),
    ("dispatch_patient", "first_name"): ("patients", "first_name", ""),
    ("dispatch_message", "body"): ("case_messages", "body", "and legacy_table = 'dispatch_message'"),
}


def test_every_text_shape_is_generated(built):
    kinds = {(t, k, c) for t, _, k, c, _ in anomalies(built, 20)}
    for kind in ("whitespace_edged", "tabs_crlf", "whitespace_only", "nfd", "emoji", "rtl", "quotes_backslashes"):
        assert ("dispatch_patient", kind, "notes") in kinds
        assert ("dispatch_message", kind, "body") in kinds
    assert ("dispatch_message", "large_value", "body") in kinds
    big = [i for t, i, k, _, _ in anomalies(built, 20) if k == "large_value"]
    assert (
        query(built.legacy_url, "select octet_length(body) from dispatch_message where id = %s", (big[0],))[0][0]
        >= 200_000
    )


def test_text_shapes_arrive_byte_identical_by_legacy_id(built):
    failures = []
    for table, legacy_id, kind, column, expected in anomalies(built, 20):
        if not (expected or "").startswith("byte-identical"):
            continue
        mart, mart_column, where = SHAPE_MART[(table, column)]
        legacy = query(built.legacy_url, f"select {column}::text from public.{table} where id = %s", (legacy_id,))
        target = query(
            built.target_url, f"select {mart_column} from public.{mart} where legacy_id = %s {where}", (legacy_id,)
        )
        if not target or target[0][0] is None or target[0][0].encode() != legacy[0][0].encode():
            failures.append(f"{table} {legacy_id} {column} ({kind}) -> public.{mart}.{mart_column}")
    assert not failures, failures


def test_luhn_passing_brazilian_phones_are_phones_not_card_numbers(built):
    phones = anomalies(built, 20, "phone")
    assert len(phones) >= 2
    for _, legacy_id, _, _, expected in phones:
        legacy = query(built.legacy_url, "select phone from dispatch_patient where id = %s", (legacy_id,))[0][0]
        assert query(built.target_url, "select phone_raw, phone from patients where legacy_id = %s", (legacy_id,)) == [
            (legacy, expected)
        ], legacy_id
    texts = [(t, i) for t, i, k, _, _ in anomalies(built, 20) if k == "br_phone_in_text"]
    assert texts
    for table, legacy_id in texts:
        codes = query(
            built.target_url,
            "select repair_code from migration.repairs where source_table = %s and legacy_id = %s "
            "and repair_code like '%%card_number_masked'",
            (table, legacy_id),
        )
        assert codes == [], (table, legacy_id, codes)


def test_card_numbers_typed_into_text_are_masked_with_a_repair(built):
    cards = [row for row in anomalies(built, 20) if row[2] == "card_number_in_text"]
    assert {t for t, *_ in cards} == {"dispatch_patient", "dispatch_message"}
    for table, legacy_id, _, column, expected in cards:
        codes = query(
            built.target_url,
            "select repair_code from migration.repairs where source_table = %s and legacy_id = %s",
            (table, legacy_id),
        )
        assert (expected,) in codes, (table, legacy_id, codes)
        mart, mart_column, where = SHAPE_MART[(table, column)]
        value = query(built.target_url, f"select {mart_column} from {mart} where legacy_id = %s {where}", (legacy_id,))
        assert "XXXX" in value[0][0] and "1111 1111" not in value[0][0] and "5555-5555" not in value[0][0]


def test_malformed_json_is_nulled_with_a_repair_and_quarantined(built):
    """Every malformed text-JSON value the generator made (issue 12, medical_info included): NULL
    in the target with a <column>_malformed_*nulled repair, raw text in migration.json_quarantine."""
    rows = [r for r in anomalies(built, 12) if r[2] != "empty_string"]
    assert {r[3] for r in rows} >= {
        "medical_info",
        "payload",
        "preferences",
        "raw_response",
        "settings",
        "options",
        "data",
        "ipr_data",
        "result",
        "attachments",
        "movements",
    }
    checked = set()
    failures = []
    for table, legacy_id, kind, column, _ in rows:
        ledger = query(
            built.target_url,
            "select disposition, repairs from migration.row_ledger where source_table = %s and legacy_id = %s",
            (table, legacy_id),
        )
        if not ledger or ledger[0][0] != "migrated":
            continue  # rejected for another reason: nothing to repair
        checked.add((table, column))
        if not {f"{column}_malformed_json_nulled", f"{column}_malformed_nulled"} & set(ledger[0][1]):
            failures.append(f"{table} {legacy_id} {column} ({kind}): repairs {ledger[0][1]}")
        raw = query(built.legacy_url, f"select {column}::text from public.{table} where id = %s", (legacy_id,))
        quarantined = query(
            built.target_url,
            "select raw_text from migration.json_quarantine where source_table = %s and legacy_id = %s "
            "and column_name = %s",
            (table, legacy_id, column),
        )
        if column == "raw_response":  # the snapshot masked its card numbers first (issue 11)
            raw = query(built.target_url, "select migration.mask_card_numbers(%s)", (raw[0][0],))
        if quarantined != raw:
            failures.append(f"{table} {legacy_id} {column}: not in migration.json_quarantine")
    assert not failures, failures
    assert len(checked) >= 11, checked  # at least one migrated row per column
    medical = [i for t, i, _, c, _ in rows if c == "medical_info"]
    assert query(
        built.target_url, "select count(*) from patients where legacy_id = any(%s) and medical_info is null", (medical,)
    ) == [(len(medical),)]
    acl = query(built.target_url, "select relacl::text from pg_class where oid = 'migration.json_quarantine'::regclass")
    assert acl[0][0] is None or "=r" not in acl[0][0].replace("migrator=", ""), acl


def test_order_self_parents_and_cycles_are_broken_where_documented(built):
    rows = anomalies(built, 20, "parent_id")
    assert {k for _, _, k, _, _ in rows} == {"self_parent", "parent_cycle_2", "parent_cycle_3"}
    for _, legacy_id, kind, _, expected in rows:
        repairs = ledger_repairs(built, "dispatch_instruction", legacy_id)
        parent = query(
            built.target_url,
            "select p.legacy_id from orders as o left join orders as p on p.id = o.parent_order_id where o.legacy_id = %s",
            (legacy_id,),
        )
        legacy_parent = query(
            built.legacy_url, "select parent_id from dispatch_instruction where id = %s", (legacy_id,)
        )
        if expected == "parent_kept":
            assert parent == legacy_parent, (legacy_id, kind)
            assert not {"parent_is_self_unset", "parent_cycle_broken_unset"} & set(repairs), (legacy_id, repairs)
        else:
            assert parent == [(None,)], (legacy_id, kind)
            assert expected in repairs, (legacy_id, kind, repairs)
        cases = query(built.target_url, "select count(*) from order_cases where legacy_id = %s", (legacy_id,))
        assert cases == [(1,)], (legacy_id, kind)


def test_message_self_replies_and_reply_cycles_are_broken_where_documented(built):
    rows = anomalies(built, 20, "reply_to_id")
    assert {k for _, _, k, _, _ in rows} == {"self_reply", "reply_cycle_2"}
    for _, legacy_id, kind, _, expected in rows:
        repairs = ledger_repairs(built, "dispatch_message", legacy_id)
        reply_to = query(
            built.target_url,
            "select r.legacy_id from case_messages as m left join case_messages as r on r.id = m.reply_to_id "
            "where m.legacy_table = 'dispatch_message' and m.legacy_id = %s",
            (legacy_id,),
        )
        if expected == "reply_to_kept":
            legacy = query(built.legacy_url, "select reply_to_id from dispatch_message where id = %s", (legacy_id,))
            assert reply_to == legacy, (legacy_id, kind)
        else:
            assert reply_to == [(None,)], (legacy_id, kind)
            assert expected in repairs, (legacy_id, kind, repairs)
