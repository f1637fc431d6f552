"""The orders, clinical and core reference tables: each injected anomaly ends as documented, by legacy id."""

from tests.support import query


def anomalies(dbs, table, issue, kind):
    return [
        r[0]
        for r in query(
            dbs.legacy_url,
            "select legacy_id from synthetic.anomalies where table_name = %s and issue = %s and kind = %s",
            [table, issue, kind],
        )
    ]


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


def foreign_keys(dbs):
    return set(
        query(
            dbs.target_url,
            """
            select c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text
            from pg_constraint c
            join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
            where c.contype = 'f' and c.connamespace = 'public'::regnamespace
            """,
        )
    )


def test_issue_3_states_of_orphan_instructions_are_rejected(built):
    injected = anomalies(built, "dispatch_state", 3, "orphan_instruction")
    assert injected
    found = rejects(built, "dispatch_state")
    assert {i: found.get(i) for i in injected} == dict.fromkeys(injected, "order_rejected")
    # the state's instruction is an issue-1 orphan, itself rejected
    instructions = [
        r[0]
        for r in query(
            built.legacy_url, "select instruction_id from public.dispatch_state where id = any(%s)", [injected]
        )
    ]
    orders = rejects(built, "dispatch_instruction")
    assert all(orders.get(i) == "orphan_patient" for i in instructions)


def test_issue_3_states_of_missing_instructions_are_rejected(built):
    injected = anomalies(built, "dispatch_state", 3, "missing_instruction")
    assert injected
    found = rejects(built, "dispatch_state")
    assert {i: found.get(i) for i in injected} == dict.fromkeys(injected, "missing_instruction")


def test_issue_3_from_state_zero_is_normalised_to_null(built):
    injected = anomalies(built, "dispatch_state", 3, "from_state_zero")
    assert injected
    legacy = query(built.legacy_url, "select id, from_state from public.dispatch_state where id = any(%s)", [injected])
    assert legacy and all(r[1] == 0 for r in legacy)
    rows = query(
        built.target_url, "select legacy_id, from_state from public.case_states where legacy_id = any(%s)", [injected]
    )
    assert sorted(r[0] for r in rows) == sorted(injected)
    assert all(r[1] is None for r in rows)
    assert repaired(built, "dispatch_state", "from_state_zero_normalised") == set(injected)
    # a from_state of 0 is not a failure: none of these rows is rejected
    assert not set(injected) & set(rejects(built, "dispatch_state"))


def test_case_states_decode_their_states(built):
    rows = query(built.target_url, "select distinct to_state from public.case_states")
    assert {r[0] for r in rows} <= {"treatment_active", "case_closed"}
    assert query(built.target_url, "select count(*) from public.case_states where from_state = to_state") == [(0,)]


def test_issue_12_truncated_jaw_movements_become_null(built):
    injected = anomalies(built, "dispatch_jaw", 12, "truncated")
    assert injected
    found = rejects(built, "dispatch_jaw")
    migrated = [i for i in injected if i not in found]
    assert all(found[i] == "plan_rejected" for i in injected if i in found)
    assert migrated, "every truncated jaw was rejected; nothing left to check"
    rows = query(
        built.target_url,
        "select legacy_id, movements is null, attachments is not null from public.jaws where legacy_id = any(%s)",
        [migrated],
    )
    assert sorted(r[0] for r in rows) == sorted(migrated)
    assert all(r[1] for r in rows)
    # counted: one repair per truncated value
    assert repaired(built, "dispatch_jaw", "movements_malformed_nulled") == set(migrated)


def test_jaw_naive_timestamps_are_read_as_new_york_time(built):
    # wall-clock times inside a DST change (issue 15) do not round-trip; they are checked apart
    dst = anomalies(built, "dispatch_jaw", 15, "dst_gap") + anomalies(built, "dispatch_jaw", 15, "dst_ambiguous")
    legacy = dict(
        query(
            built.legacy_url,
            "select id, created::text from public.dispatch_jaw where id <> all(%s) order by id limit 50",
            [dst],
        )
    )
    target = dict(
        query(
            built.target_url,
            "select legacy_id, (created_at at time zone 'America/New_York')::text from public.jaws "
            "where legacy_id = any(%s)",
            [list(legacy)],
        )
    )
    assert target
    assert all(legacy[i] == t for i, t in target.items())
    converted = query(
        built.target_url, "select count(*) from public.jaws where legacy_id = any(%s) and created_at is not null", [dst]
    )
    migrated_dst = [i for i in dst if i not in rejects(built, "dispatch_jaw")]
    assert converted == [(len(migrated_dst),)]


def test_addresses_without_country_are_in_the_us(built):
    without = [r[0] for r in query(built.legacy_url, "select id from public.dispatch_address where country_id is null")]
    assert without
    rows = dict(
        query(
            built.target_url,
            "select a.legacy_id, c.code from public.addresses a join public.countries c on c.id = a.country_id "
            "where a.legacy_id = any(%s)",
            [without],
        )
    )
    assert rows == dict.fromkeys(without, "US")
    assert repaired(built, "dispatch_address", "country_defaulted_to_us") == set(without)


def test_addresses_with_a_country_keep_it(built):
    legacy = dict(
        query(
            built.legacy_url,
            "select a.id, c.code from public.dispatch_address a join public.dispatch_country c on c.id = a.country_id",
        )
    )
    target = dict(
        query(
            built.target_url,
            "select a.legacy_id, c.code from public.addresses a join public.countries c on c.id = a.country_id "
            "where a.legacy_id = any(%s)",
            [list(legacy)],
        )
    )
    assert legacy and target == legacy


def test_issue_14_address_phones_are_normalised_and_raw_kept(built):
    injected = dict(
        query(
            built.legacy_url,
            "select legacy_id, expected from synthetic.anomalies where table_name = 'dispatch_address' and issue = 14",
        )
    )
    assert injected
    got = dict(
        query(
            built.target_url,
            "select legacy_id, phone from public.addresses where legacy_id = any(%s)",
            [list(injected)],
        )
    )
    assert got == injected
    raw = dict(query(built.legacy_url, "select id, nullif(btrim(phone), '') from public.dispatch_address"))
    kept = dict(query(built.target_url, "select legacy_id, phone_raw from public.addresses"))
    assert kept == raw


def test_offices_and_patients_point_at_their_addresses(built):
    legacy = set(
        query(
            built.legacy_url,
            "select id, address_id, shipping_address_id from public.dispatch_office",
        )
    )
    target = set(
        query(
            built.target_url,
            "select o.legacy_id, b.legacy_id, s.legacy_id from public.offices o "
            "left join public.addresses b on b.id = o.billing_address_id "
            "left join public.addresses s on s.id = o.shipping_address_id",
        )
    )
    assert target == legacy
    patients = dict(
        query(
            built.target_url,
            "select p.legacy_id, a.legacy_id from public.patients p left join public.addresses a on a.id = p.address_id",
        )
    )
    legacy_patients = dict(
        query(
            built.legacy_url, "select id, address_id from public.dispatch_patient where id = any(%s)", [list(patients)]
        )
    )
    assert patients == legacy_patients
    assert any(patients.values())


def test_profiles_carry_their_legacy_role(built):
    rows = query(
        built.target_url,
        "select p.legacy_id, p.legacy_usersetting_id, r.legacy_id, p.role, r.slug "
        "from public.profiles p left join public.roles r on r.id = p.role_id",
    )
    legacy = dict(query(built.legacy_url, "select user_id, role_id from public.dispatch_usersetting"))
    assert rows
    for user_id, usersetting_id, role_legacy_id, role, slug in rows:
        assert role_legacy_id == (legacy.get(user_id) if usersetting_id else None)
        assert slug is None or slug == role
    derived = repaired(built, "auth_user", "role_derived_from_staff_flag_and_offices")
    assert {r[0] for r in rows if r[2] is None} == {r[0] for r in rows} & derived


def test_permissions_resolve_their_content_type_by_name(built):
    legacy = set(
        query(
            built.legacy_url,
            "select p.id, t.app_label, t.model from public.auth_permission p "
            "join public.django_content_type t on t.id = p.content_type_id",
        )
    )
    target = set(query(built.target_url, "select legacy_id, app_label, model from public.permissions"))
    assert legacy and target == legacy


def test_global_settings_keep_text_and_parse_json(built):
    rows = {r[0]: r[1:] for r in query(built.target_url, "select key, value, value_json from public.global_settings")}
    legacy = dict(query(built.legacy_url, "select key, value from public.dispatch_globalsetting"))
    assert {k: v[0] for k, v in rows.items()} == legacy
    for value, value_json in rows.values():
        if value.lstrip().startswith("{"):
            assert isinstance(value_json, dict)
    assert rows["site_name"][1] is None


def test_children_of_rejected_parents_are_rejected(built):
    orders = rejects(built, "dispatch_instruction")
    patients = rejects(built, "dispatch_patient")
    assert orders and patients
    for table, column, parents, reason in [
        ("dispatch_instruction_products", "instruction_id", orders, "order_rejected"),
        ("dispatch_plan", "instruction_id", orders, "order_rejected"),
        ("dispatch_project", "instruction_id", orders, "order_rejected"),
        ("dispatch_shipment", "instruction_id", orders, "order_rejected"),
        ("dispatch_milestone", "patient_id", patients, "patient_rejected"),
        ("dispatch_patient_tags", "patient_id", patients, "patient_rejected"),
    ]:
        children = query(built.legacy_url, f"select id from public.{table} where {column} = any(%s)", [list(parents)])
        found = rejects(built, table)
        assert {r[0]: found.get(r[0]) for r in children} == {r[0]: reason for r in children}, table


def test_every_migrated_order_is_in_exactly_one_case(built):
    assert query(
        built.target_url,
        "select count(*), count(distinct oc.order_id) from public.orders o join public.order_cases oc on oc.order_id = o.id",
    ) == query(built.target_url, "select count(*), count(*) from public.orders")
    # a case's orders are its root and the orders chained to it by parent_order_id
    broken = query(
        built.target_url,
        """
        select oc.legacy_id
        from public.order_cases oc
        join public.orders o on o.id = oc.order_id
        join public.cases c on c.id = oc.case_id
        left join public.order_cases parent on parent.order_id = o.parent_order_id
        where (o.parent_order_id is null and (c.root_order_id <> o.id or oc.position_in_case <> 0))
           or (o.parent_order_id is not null and (parent.case_id <> oc.case_id
                                                  or oc.position_in_case <> parent.position_in_case + 1))
        """,
    )
    assert broken == []
    assert query(
        built.target_url,
        "select count(*) from public.cases c where c.order_count <> "
        "(select count(*) from public.order_cases oc where oc.case_id = c.id)",
    ) == [(0,)]


def test_cases_of_refinements_hold_several_orders(built):
    chained = query(built.legacy_url, "select count(*) from public.dispatch_instruction where parent_id is not null")[
        0
    ][0]
    assert chained > 0
    assert query(built.target_url, "select count(*) from public.cases where order_count > 1")[0][0] > 0


def test_new_foreign_keys_exist_in_the_catalog(built):
    assert {
        ("addresses", "country_id", "countries"),
        ("offices", "billing_address_id", "addresses"),
        ("offices", "shipping_address_id", "addresses"),
        ("patients", "address_id", "addresses"),
        ("profiles", "role_id", "roles"),
        ("role_permissions", "role_id", "roles"),
        ("role_permissions", "permission_id", "permissions"),
        ("patient_events", "patient_id", "patients"),
        ("patient_events", "order_id", "orders"),
        ("patient_events", "created_by_id", "profiles"),
        ("patient_tags", "patient_id", "patients"),
        ("patient_tags", "tag_id", "tags"),
        ("order_items", "order_id", "orders"),
        ("treatment_plans", "order_id", "orders"),
        ("treatment_plans", "project_id", "projects"),
        ("treatment_plans", "approved_by_id", "profiles"),
        ("projects", "order_id", "orders"),
        ("projects", "technician_id", "profiles"),
        ("jaws", "treatment_plan_id", "treatment_plans"),
        ("jaws", "bracket_id", "brackets"),
        ("shipments", "order_id", "orders"),
        ("shipments", "courier_id", "couriers"),
        ("shipments", "address_id", "addresses"),
        ("case_states", "order_id", "orders"),
        ("case_states", "case_id", "cases"),
        ("case_states", "changed_by_id", "profiles"),
        ("cases", "root_order_id", "orders"),
        ("cases", "patient_id", "patients"),
        ("cases", "office_id", "offices"),
        ("order_cases", "order_id", "orders"),
        ("order_cases", "case_id", "cases"),
    } <= foreign_keys(built)


def test_a_rebuild_changes_no_case_uuid(refreshed):
    assert refreshed.after["cases"] == refreshed.before["cases"]
