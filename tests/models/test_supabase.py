"""The target is one a Supabase project can run on: API roles and grants, row-level security that
expresses the lab's access rules, auth.users in step with the profiles, and database-level
integrity (indexes, code CHECKs, defaults, updated_at, comments). Access is checked with the role
and JWT claims exactly as Supabase's API sets them."""

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

from tests.support import ROOT, TARGET_DIR, marts, query, run_cli

API_ROLES = ("anon", "authenticated", "service_role")
PRIVATE_SCHEMAS = ("migration", "legacy_snapshot", "staging", "intermediate", "legacy", "legacy_catalog")
PII_TABLES = (
    "profiles",
    "patients",
    "orders",
    "messages",
    "case_messages",
    "order_files",
    "case_files",
    "payments",
    "addresses",
    "offices",
    "doctors",
    "system_messages",
    "customer_feedback",
    "purchases",
    "invoices",
    "operations",
)
PUBLIC_TABLES = ("products", "product_prices", "countries")


@contextmanager
def api_session(url: str, role: str, sub: str | None = None, setup: str | None = None) -> Iterator[psycopg.Connection]:
    """One request of Supabase's API: a transaction with the role and the JWT claims set locally
    (rolled back). `setup` runs first, as the migration's own role (data the test needs)."""
    conn = psycopg.connect(url)
    try:
        if setup:
            conn.execute(setup)
        conn.execute(f"set local role {role}")
        if sub is not None:
            claims = json.dumps({"sub": sub, "role": role})
            conn.execute("select set_config('request.jwt.claims', %s, true)", [claims])
        yield conn
    finally:
        conn.rollback()
        conn.close()


def ids(conn: psycopg.Connection, sql: str, params=None) -> set:
    return {r[0] for r in conn.execute(sql, params).fetchall()}


@pytest.fixture(scope="module")
def target(built):
    return built.target_url


@pytest.fixture(scope="module")
def doctor(target):
    """An active office user with doctor memberships, and the offices it belongs to (its
    memberships and its primary office)."""
    row = query(
        target,
        """
        select p.id::text from public.profiles as p join public.doctors as d on d.profile_id = p.id
        where p.is_active and not p.is_staff and not p.is_superuser
        group by p.id order by count(*) desc, p.legacy_id limit 1
        """,
    )[0]
    offices = {
        r[0]
        for r in query(
            target,
            "select office_id from public.doctors where profile_id = %(p)s union "
            "select office_id from public.profiles where id = %(p)s and office_id is not null",
            {"p": row[0]},
        )
    }
    return row[0], offices


@pytest.fixture(scope="module")
def manifest(built):
    return json.loads((TARGET_DIR / "manifest.json").read_text())


# -- roles and grants ----------------------------------------------------------------------------


def test_the_api_roles_exist_and_only_service_role_bypasses_rls(target):
    roles = dict(query(target, "select rolname, rolbypassrls from pg_roles where rolname = any(%s)", [list(API_ROLES)]))
    assert roles == {"anon": False, "authenticated": False, "service_role": True}


def test_the_api_roles_have_supabase_grants_on_public_and_none_on_private_schemas(target):
    for role in API_ROLES:
        assert query(target, "select has_schema_privilege(%s, 'public', 'usage')", [role]) == [(True,)]
        missing = query(
            target,
            "select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' "
            "and not has_table_privilege(%s, oid, 'select, insert, update, delete')",
            [role],
        )
        assert missing == []
        granted = query(
            target,
            "select nspname from pg_namespace where nspname = any(%s) and has_schema_privilege(%s, oid, 'usage')",
            [list(PRIVATE_SCHEMAS), role],
        )
        assert granted == []


@pytest.mark.parametrize("role", API_ROLES)
def test_an_api_role_cannot_read_the_migration_schemas(target, role):
    with api_session(target, role) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("select * from migration.row_ledger limit 1")


# -- row-level security --------------------------------------------------------------------------


def test_a_doctor_reads_the_patients_and_orders_of_their_offices_and_none_of_another(target, doctor):
    profile, offices = doctor
    patients = {r[0] for r in query(target, "select id from patients where office_id = any(%s)", [list(offices)])}
    orders = {r[0] for r in query(target, "select id from orders where office_id = any(%s)", [list(offices)])}
    other = query(
        target,
        "select office_id from patients where office_id <> all(%s) group by 1 order by count(*) desc limit 1",
        [list(offices)],
    )[0][0]
    assert patients and orders
    with api_session(target, "authenticated", profile) as conn:
        assert ids(conn, "select id from patients") == patients
        assert ids(conn, "select id from orders") == orders
        assert ids(conn, "select id from offices") == offices
        assert conn.execute("select count(*) from patients where office_id = %s", [other]).fetchone()[0] == 0
        assert conn.execute("select count(*) from orders where office_id = %s", [other]).fetchone()[0] == 0


def test_a_doctor_reads_what_hangs_off_their_orders_and_patients(target, doctor):
    profile, offices = doctor
    expected = {}
    for table, sql in {
        "order_files": "select f.id from order_files f join orders o on o.id = f.order_id where o.office_id = any(%(o)s)",
        "case_files": "select f.id from case_files f join patients p on p.id = f.patient_id where p.office_id = any(%(o)s)",
        "treatment_plans": "select t.id from treatment_plans t join orders o on o.id = t.order_id where o.office_id = any(%(o)s)",
        "jaws": "select j.id from jaws j join treatment_plans t on t.id = j.treatment_plan_id "
        "join orders o on o.id = t.order_id where o.office_id = any(%(o)s)",
        "shipments": "select s.id from shipments s join orders o on o.id = s.order_id where o.office_id = any(%(o)s)",
        "patient_events": "select e.id from patient_events e join patients p on p.id = e.patient_id "
        "where p.office_id = any(%(o)s)",
        "case_messages": "select m.id from case_messages m join orders o on o.id = m.order_id "
        "where o.office_id = any(%(o)s) and (not m.is_private or m.sender_id = %(p)s)",
        "payments": "select y.id from payments y left join orders o on o.id = y.order_id "
        "where y.office_id = any(%(o)s) or o.office_id = any(%(o)s)",
        "doctors": "select id from doctors where office_id = any(%(o)s) or profile_id = %(p)s",
        "system_messages": "select id from system_messages where profile_id = %(p)s",
    }.items():
        expected[table] = {r[0] for r in query(target, sql, {"o": list(offices), "p": profile})}
    assert all(expected[t] for t in ("order_files", "case_messages", "treatment_plans", "doctors"))
    with api_session(target, "authenticated", profile) as conn:
        for table, rows in expected.items():
            assert ids(conn, f"select id from {table}") == rows, table
        for lab_only in ("tasks", "projects", "team_communications"):
            assert conn.execute(f"select count(*) from {lab_only}").fetchone()[0] == 0, lab_only


def test_a_private_doctor_note_is_read_by_its_author_and_not_by_the_office(target, doctor):
    profile, offices = doctor
    order = query(target, "select id from orders where office_id = any(%s) limit 1", [list(offices)])[0][0]
    colleague = query(
        target,
        "select p.id::text from profiles p where p.is_active and not p.is_staff and p.id <> %s "
        "and (p.office_id = any(%s) or exists (select from doctors d where d.profile_id = p.id and d.office_id = any(%s)))"
        " limit 1",
        [profile, list(offices), list(offices)],
    )[0][0]
    note = (
        "insert into case_messages (id, legacy_table, legacy_id, order_id, sender_id, sent_by_system, kind, body, "
        f"is_private, is_read) values ('00000000-0000-4000-8000-00000000000a', 'dispatch_doctornote', -1, '{order}', "
        f"'{profile}', false, 'doctor_note', 'private', true, false)"
    )
    seen = "select count(*) from case_messages where id = '00000000-0000-4000-8000-00000000000a'"
    with api_session(target, "authenticated", profile, setup=note) as conn:
        assert conn.execute(seen).fetchone()[0] == 1
    with api_session(target, "authenticated", colleague, setup=note) as conn:
        assert conn.execute(seen).fetchone()[0] == 0


def test_an_office_user_reads_their_primary_office_without_a_membership(target):
    row = query(
        target,
        "select p.id::text, p.office_id from profiles p where p.is_active and not p.is_staff and p.office_id is not null "
        "and not exists (select from doctors d where d.profile_id = p.id) limit 1",
    )[0]
    patients = {r[0] for r in query(target, "select id from patients where office_id = %s", [row[1]])}
    with api_session(target, "authenticated", row[0]) as conn:
        assert ids(conn, "select id from patients") == patients
        assert ids(conn, "select id from offices") == {row[1]}


def test_a_technician_reads_what_their_role_allows(target):
    """A lab technician with the scan-technician role, whose role is given exactly view_patient,
    view_instruction and view_file: every patient, order (and order item) and file, their own
    tasks, and nothing of the tables their role has no permission on."""
    staff = query(
        target,
        "select p.id::text from profiles p join tasks t on t.assigned_to_id = p.id "
        "where p.is_staff and not p.is_superuser and p.is_active group by p.id order by count(*) desc limit 1",
    )[0][0]
    setup = f"""
        update profiles set role = 'scan-technician' where id = '{staff}';
        delete from role_permissions where role_id = (select id from roles where slug = 'scan-technician');
        insert into role_permissions (id, legacy_id, role_id, permission_id)
        select gen_random_uuid(), -row_number() over (), r.id, p.id from roles r, permissions p
        where r.slug = 'scan-technician' and p.app_label = 'dispatch'
          and p.codename in ('view_patient', 'view_instruction', 'view_file');
    """
    # order_items are dispatch_instruction_products, a many-to-many table of the instruction model
    readable = ("patients", "orders", "order_items", "order_files", "case_files")
    total = {t: query(target, f"select count(*) from {t}")[0][0] for t in readable}
    own_tasks = query(
        target, "select count(*) from tasks where assigned_to_id = %(s)s or created_by_id = %(s)s", {"s": staff}
    )[0][0]
    assert own_tasks > 0
    with api_session(target, "authenticated", staff, setup=setup) as conn:
        for table, rows in total.items():
            assert conn.execute(f"select count(*) from {table}").fetchone()[0] == rows, table
        assert conn.execute("select count(*) from tasks").fetchone()[0] == own_tasks
        assert ids(conn, "select id::text from profiles") == {staff}
        for denied in (
            "payments",
            "offices",
            "treatment_plans",
            "shipments",
            "addresses",
            "invoices",
            "patient_events",
        ):
            assert conn.execute(f"select count(*) from {denied}").fetchone()[0] == 0, denied


def test_a_lab_superuser_reads_every_row_of_every_table(target):
    admin = query(target, "select id::text from profiles where is_superuser and is_active limit 1")[0][0]
    totals = {t: query(target, f"select count(*) from {t}")[0][0] for t in marts(target)}
    with api_session(target, "authenticated", admin) as conn:
        seen = {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in totals}
    assert seen == totals


def test_anon_reads_no_row_of_any_table_but_the_public_catalogue(target):
    tables = marts(target)
    assert set(PII_TABLES) <= set(tables)
    with api_session(target, "anon") as conn:
        seen = {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}
        assert ids(conn, "select id from products") == {
            r[0] for r in query(target, "select id from products where is_active")
        }
        assert conn.execute("select count(*) from countries where not is_active").fetchone()[0] == 0
        assert conn.execute("select count(*) from product_prices where office_id is not null").fetchone()[0] == 0
    assert {t for t, n in seen.items() if n} == set(PUBLIC_TABLES)


# -- writes (README, "Who may write what"); every write is rolled back ---------------------------

RLS_DENIED = "new row violates row-level security policy"


def denied(conn: psycopg.Connection, sql: str, params=None) -> str:
    """Run a write that row-level security must refuse (inside a savepoint, so the request's
    transaction goes on) and return the error message."""
    conn.execute("savepoint denied")
    try:
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
            conn.execute(sql, params)
    finally:
        conn.execute("rollback to savepoint denied")
    return str(refused.value)


ORDER = (
    "insert into orders (number, patient_id, office_id, created_by_id, kind, status, arch, priority, ipr_allowed, "
    "attachments_allowed, is_deleted) values (%(number)s, %(patient)s, %(office)s, %(by)s, 'new_treatment', 'draft', "
    "'both', 'normal', true, true, false)"
)


@pytest.fixture(scope="module")
def patients(target, doctor):
    """A patient of the doctor's offices and one of another office: (id, office_id) each."""
    _, offices = doctor
    mine = query(
        target,
        "select id, office_id from patients where office_id = any(%s) order by legacy_id limit 1",
        [list(offices)],
    )
    other = query(
        target,
        "select id, office_id from patients where office_id <> all(%s) order by legacy_id limit 1",
        [list(offices)],
    )
    return mine[0], other[0]


def test_a_doctor_inserts_an_order_for_a_patient_of_their_office_under_a_default_uuid(target, doctor, patients):
    profile, _ = doctor
    (patient, office), _ = patients
    known = {r[0] for r in query(target, "select id from migration.map_orders")}
    with api_session(target, "authenticated", profile) as conn:
        row = conn.execute(
            ORDER + " returning id, legacy_id, created_at is not null",
            {"number": "APP-1", "patient": patient, "office": office, "by": profile},
        ).fetchone()
        assert row[0] is not None and row[0] not in known and row[1:] == (None, True)
        assert conn.execute("select count(*) from orders where id = %s", [row[0]]).fetchone()[0] == 1
        # an insert never sets a legacy key: that is the migration's
        message = denied(
            conn,
            ORDER.replace("(number,", "(legacy_id, number,").replace("values (", "values (-1, "),
            {"number": "APP-2", "patient": patient, "office": office, "by": profile},
        )
        assert RLS_DENIED in message


def test_a_doctor_cannot_insert_an_order_for_another_offices_patient(target, doctor, patients):
    profile, _ = doctor
    (_, office), (foreign, foreign_office) = patients
    with api_session(target, "authenticated", profile) as conn:
        # in the patient's office, and in the doctor's own office (the patient is still not theirs)
        for number, at in (("APP-3", foreign_office), ("APP-4", office)):
            message = denied(conn, ORDER, {"number": number, "patient": foreign, "office": at, "by": profile})
            assert RLS_DENIED in message and '"orders"' in message
        assert conn.execute("select count(*) from orders where number like 'APP-%'").fetchone()[0] == 0


def test_a_doctor_updates_a_patient_of_their_office_but_not_another_offices_nor_moves_one_away(
    target, doctor, patients
):
    profile, _ = doctor
    (patient, _), (foreign, foreign_office) = patients
    with api_session(target, "authenticated", profile) as conn:
        assert conn.execute("update patients set notes = 'seen' where id = %s", [patient]).rowcount == 1
        assert conn.execute("update patients set notes = 'seen' where id = %s", [foreign]).rowcount == 0
        message = denied(conn, "update patients set office_id = %s where id = %s", [foreign_office, patient])
        assert RLS_DENIED in message and '"patients"' in message
        # without a filter the update reads no column, so only the update policy's with check stands in the way
        assert RLS_DENIED in denied(conn, "update patients set office_id = %s", [foreign_office])
        assert conn.execute("select notes from patients where id = %s", [patient]).fetchone()[0] == "seen"
    assert query(target, "select count(*) from patients where notes = 'seen'") == [(0,)]


def test_a_doctor_writes_a_case_message_and_an_order_file_on_their_own_order_only(target, doctor, patients):
    profile, offices = doctor
    mine = query(target, "select id from orders where office_id = any(%s) order by legacy_id limit 1", [list(offices)])
    other = query(
        target, "select id from orders where office_id <> all(%s) order by legacy_id limit 1", [list(offices)]
    )
    message = (
        "insert into case_messages (order_id, sender_id, sent_by_system, kind, body, is_private) "
        "values (%s, %s, false, 'doctor_response', 'From the app', false) returning id, legacy_table, legacy_id"
    )
    upload = (
        "insert into order_files (order_id, uploaded_by_id, kind, name, storage_key, legacy_storage, is_deleted) "
        "values (%s, %s, 'upper_scan', 'upper.stl', 'app/upper.stl', 's3', false) returning id, legacy_id"
    )
    with api_session(target, "authenticated", profile) as conn:
        written = conn.execute(message, [mine[0][0], profile]).fetchone()
        assert written[0] is not None and written[1:] == (None, None)
        uploaded = conn.execute(upload, [mine[0][0], profile]).fetchone()
        assert uploaded[0] is not None and uploaded[1] is None
        assert RLS_DENIED in denied(conn, message, [other[0][0], profile])
        assert RLS_DENIED in denied(conn, upload, [other[0][0], profile])
        # an office member writes in their own name
        colleague = query(target, "select id from profiles where id <> %s and is_staff limit 1", [profile])[0][0]
        assert RLS_DENIED in denied(conn, message, [mine[0][0], colleague])
        # and moves neither to another office's order
        assert RLS_DENIED in denied(
            conn, "update order_files set order_id = %s where id = %s", [other[0][0], uploaded[0]]
        )
        assert RLS_DENIED in denied(conn, "update order_files set order_id = %s", [other[0][0]])


def test_a_doctor_deletes_what_the_app_created_and_no_migrated_row(target, doctor, patients):
    profile, offices = doctor
    (patient, office), _ = patients
    with api_session(target, "authenticated", profile) as conn:
        migrated = conn.execute("select count(*) from orders where legacy_id is not null").fetchone()[0]
        assert migrated > 0
        assert conn.execute("delete from orders").rowcount == 0
        created = conn.execute(
            ORDER + " returning id", {"number": "APP-5", "patient": patient, "office": office, "by": profile}
        ).fetchone()[0]
        assert conn.execute("delete from orders").rowcount == 1
        assert conn.execute("select count(*) from orders where id = %s", [created]).fetchone()[0] == 0
        # a migrated row cannot be turned into an application row first
        conn.execute("savepoint relabel")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="legacy key"):
            conn.execute("update orders set legacy_id = null where legacy_id is not null")
        conn.execute("rollback to savepoint relabel")


def test_anon_writes_nothing(target):
    tables = marts(target)
    with api_session(target, "anon") as conn:
        for table in tables:
            assert conn.execute(f"update {table} set id = id").rowcount == 0, table
            assert conn.execute(f"delete from {table}").rowcount == 0, table
        assert RLS_DENIED in denied(
            conn, "insert into countries (code, name, is_active) values ('XX', 'Nowhere', true)"
        )
        values = {"number": "APP-0", "patient": None, "office": None, "by": None}
        assert RLS_DENIED in denied(conn, ORDER, values)


TECHNICIAN = """
    update profiles set role = 'write-test-technician' where id = '{staff}';
    insert into roles (name, slug, is_staff_role, sort_order) values ('Write test', 'write-test-technician', true, 0);
    insert into role_permissions (role_id, permission_id)
    select r.id, p.id from roles r, permissions p
    where r.slug = 'write-test-technician' and p.app_label = 'dispatch' and p.codename = any('{{{codenames}}}');
"""


@pytest.mark.parametrize("may_add", [True, False])
def test_a_technician_inserts_an_order_only_with_add_instruction(target, patients, may_add):
    """Lab staff write by their migrated role, as Django's admin did: the same technician, whose
    role reads patients and orders, inserts an order with add_instruction and not without it."""
    staff = query(
        target,
        "select id::text from profiles where is_staff and not is_superuser and is_active order by legacy_id limit 1",
    )[0][0]
    codenames = ["view_patient", "view_instruction"] + (["add_instruction"] if may_add else [])
    setup = TECHNICIAN.format(staff=staff, codenames=",".join(codenames))
    _, (patient, office) = patients
    with api_session(target, "authenticated", staff, setup=setup) as conn:
        values = {"number": "APP-6", "patient": patient, "office": office, "by": None}
        if may_add:
            conn.execute(ORDER, values)
            assert conn.execute("select count(*) from orders where number = 'APP-6'").fetchone()[0] == 1
        else:
            assert RLS_DENIED in denied(conn, ORDER, values)
        # change_instruction is not held either way
        assert conn.execute("update orders set priority = 'rush'").rowcount == 0


def test_a_lab_superuser_writes_every_table_but_the_derived_ones(target):
    admin = query(target, "select id::text from profiles where is_superuser and is_active limit 1")[0][0]
    tables = [t for t in marts(target) if query(target, f"select exists (select from {t})")[0][0]]
    with api_session(target, "authenticated", admin) as conn:
        changed = {
            t: conn.execute(f"update {t} set id = id where id = (select min(id::text)::uuid from {t})").rowcount
            for t in tables
        }
    assert {t for t, n in changed.items() if n == 0} == {"cases", "order_cases"}


def test_the_write_policies_filter_on_indexed_columns(target):
    """Every column a write policy of a public table reads (office, parent and key columns, the
    writer columns) leads an index, or follows, in a composite index, a column the same policy
    reads (case_messages' legacy_table, legacy_id); booleans aside. And anon has no write policy."""
    rows = query(
        target,
        """
        with used as (
            select pol.oid as policy, pol.polrelid as rel, d.refobjsubid as attnum
            from pg_policy pol
            join pg_depend d on d.classid = 'pg_policy'::regclass and d.objid = pol.oid
                and d.refobjid = pol.polrelid and d.refobjsubid > 0
            where pol.polcmd in ('a', 'w', 'd')
              and pol.polrelid in (select oid from pg_class where relnamespace = 'public'::regnamespace)
        )
        select distinct u.rel::regclass::text, a.attname, a.atttypid = 'bool'::regtype,
               exists (
                   select from pg_index i where i.indrelid = u.rel and (
                       i.indkey[0] = u.attnum
                       or (u.attnum = any(i.indkey::int2 []) and exists (
                           select from used as lead where lead.policy = u.policy and lead.attnum = i.indkey[0]
                       ))
                   )
               )
        from used as u
        join pg_attribute a on a.attrelid = u.rel and a.attnum = u.attnum
        """,
    )
    assert {(t, c) for t, c, _, _ in rows} >= {
        ("orders", "office_id"),
        ("orders", "legacy_id"),
        ("orders", "patient_id"),
        ("order_files", "order_id"),
        ("case_files", "patient_id"),
        ("case_messages", "order_id"),
    }
    assert [(t, c) for t, c, boolean, indexed in rows if not boolean and not indexed] == []
    roles = query(
        target,
        "select distinct r.rolname from pg_policy p cross join unnest(p.polroles) as role_id "
        "join pg_roles r on r.oid = role_id where p.polcmd in ('a', 'w', 'd')",
    )
    assert roles == [("authenticated",)]


def test_service_role_reads_every_row(target):
    totals = {t: query(target, f"select count(*) from {t}")[0][0] for t in marts(target)}
    with api_session(target, "service_role") as conn:
        assert {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in totals} == totals


def test_the_policies_filter_through_indexes(target, doctor):
    """The doctor's "patients of my office" and "orders of my patients" can be answered from
    the office_id and patient_id indexes (with sequential scans disabled the plan uses them: the
    policies add no condition that forces a scan)."""
    profile, _ = doctor
    with api_session(target, "authenticated", profile) as conn:
        conn.execute("set local enable_seqscan = off")
        for sql, index in (
            ("select * from patients", "patients_office_id_idx"),
            ("select o.* from orders as o join patients as p on p.id = o.patient_id", "orders_office_id_idx"),
        ):
            plan = json.dumps(conn.execute(f"explain (format json) {sql}").fetchone()[0])
            assert index in plan, plan
            assert '"Seq Scan"' not in plan


# -- the application's rows ----------------------------------------------------------------------


def test_the_ledger_tests_and_the_report_pass_with_rows_the_app_created(target, doctor, patients, tmp_path):
    """Rows without a legacy key (an order, a payment of 12.34 USD, a message quoting a card
    number) are the application's: matches_ledger, money_reconciles and no_card_numbers, run over
    every row, pass, and the report counts them as created_in_app."""
    profile, _ = doctor
    (patient, office), _ = patients
    rows = query(
        target,
        """
        with o as (
            insert into orders (number, patient_id, office_id, created_by_id, kind, status, arch, priority,
                ipr_allowed, attachments_allowed, is_deleted)
            values ('APP-LEDGER', %(patient)s, %(office)s, %(by)s, 'new_treatment', 'draft', 'both', 'normal',
                true, true, false)
            returning id
        ), p as (
            insert into payments (office_id, order_id, amount, currency, is_credit, method)
            select %(office)s, o.id, 12.34, 'USD', false, 'card' from o returning id
        ), m as (
            insert into case_messages (order_id, sender_id, sent_by_system, kind, body, is_private)
            select o.id, %(by)s, false, 'doctor_response', 'paid with 4111 1111 1111 1111', false from o returning id
        )
        select (select id from o), (select id from p), (select id from m)
        """,
        {"patient": patient, "office": office, "by": profile},
    )[0]
    try:
        tests = run_cli(
            "dbt",
            "test",
            "--select",
            "test_name:matches_ledger test_name:money_reconciles test_name:no_card_numbers",
            "--vars",
            "{full_compare: true}",
        )
        assert tests.returncode == 0, tests.stdout[-4000:]
        passed = re.search(r"PASS=(\d+)", tests.stdout)
        assert passed and int(passed[1]) > 90, tests.stdout[-2000:]
        report = run_cli("report", "--json", str(tmp_path / "report.json"))
        assert report.returncode == 0, report.stdout[-3000:] + report.stderr[-2000:]
        assert "created in the app (no legacy row, outside the ledger): case_messages 1, orders 1, payments 1" in (
            report.stdout
        )
        written = json.loads((tmp_path / "report.json").read_text())
        assert written["status"] == "ok"
        assert written["created_in_app"] == {"case_messages": 1, "orders": 1, "payments": 1}
    finally:
        query(target, "delete from case_messages where id = %s", [rows[2]])
        query(target, "delete from payments where id = %s", [rows[1]])
        query(target, "delete from orders where id = %s", [rows[0]])
    assert query(target, "select count(*) from migration.created_in_app where app_rows > 0") == [(0,)]


# -- auth.users ----------------------------------------------------------------------------------


def test_every_profile_has_an_auth_user_with_the_same_id(target):
    rows = query(
        target,
        """
        select p.id, u.id, p.email = u.email, (u.email_confirmed_at is not null) = p.is_active,
               (u.banned_until is not null) = not p.is_active,
               (u.raw_app_meta_data ->> 'legacy_user_id')::bigint = p.legacy_id,
               u.created_at = coalesce(p.created_at, u.created_at)
        from public.profiles as p full join auth.users as u on u.id = p.id
        """,
    )
    assert rows and all(r[0] == r[1] and all(r[2:]) for r in rows)
    assert query(target, "select count(*) from migration.auth_users") == [(len(rows),)]
    fk = query(
        target,
        "select confdeltype from pg_constraint where conrelid = 'public.profiles'::regclass and contype = 'f' "
        "and confrelid = 'auth.users'::regclass and conkey = array[(select attnum from pg_attribute "
        "where attrelid = 'public.profiles'::regclass and attname = 'id')]",
    )
    assert fk == [("c",)]


def test_auth_jwt_helpers_read_the_claims(target, doctor):
    profile, _ = doctor
    with api_session(target, "authenticated", profile) as conn:
        row = conn.execute("select auth.uid()::text, auth.role(), auth.jwt() ->> 'sub'").fetchone()
    assert row == (profile, "authenticated", profile)


def test_no_password_hash_is_present_anywhere_in_the_target(built, target):
    """Nothing of a legacy password hash (its digest, cut like test_secrets cuts secrets into runs
    of 16+ token characters) nor any Django hash prefix occurs in any text column of the target,
    auth.users included; every auth user's password is empty (users reset it)."""
    hashes = [r[0] for r in query(built.legacy_url, "select password from auth_user where password like 'pbkdf2%'")]
    assert len(hashes) > 50
    assert query(target, "select count(*) from auth.users where coalesce(encrypted_password, '') <> ''") == [(0,)]
    fragment = "[A-Za-z0-9+/_-]{16,}"
    with psycopg.connect(target, autocommit=True) as conn:
        conn.execute("create temp table hash_fragments (fragment text primary key)")
        with conn.cursor().copy("copy hash_fragments from stdin") as copy:
            for value in {m for h in hashes for m in re.findall(fragment, h)}:
                copy.write_row((value,))
        columns = conn.execute(
            """
            select quote_ident(c.table_schema) || '.' || quote_ident(c.table_name), quote_ident(c.column_name)
            from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
            where t.table_type = 'BASE TABLE' and c.table_schema not in ('pg_catalog', 'information_schema')
              and c.data_type in ('text', 'character varying', 'json', 'jsonb', 'ARRAY')
            """
        ).fetchall()
        found = []
        for relation, column in columns:
            hits = conn.execute(
                f"select count(*) from {relation} as t cross join lateral regexp_matches(t.{column}::text, "
                f"'{fragment}', 'g') as m join pg_temp.hash_fragments as h on h.fragment = m[1]"
            ).fetchone()[0]
            hits += conn.execute(
                f"select count(*) from {relation} where {column}::text ~ '(pbkdf2_sha256|argon2|bcrypt_sha256)\\$'"
            ).fetchone()[0]
            if hits:
                found.append(f"{relation}.{column}")
    assert len(columns) > 300
    assert "auth.users.email" in {f"{r}.{c}" for r, c in columns}
    assert found == []


# -- catalog -------------------------------------------------------------------------------------


def test_every_public_table_has_row_level_security_and_a_policy(target, manifest):
    rows = query(
        target,
        """
        select c.relname, c.relrowsecurity, (select count(*) from pg_policy p where p.polrelid = c.oid)
        from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
        """,
    )
    marts = [n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["schema"] == "public"]
    assert len(rows) == len(marts) > 40
    assert [r for r in rows if not (r[1] and r[2] > 0)] == []


def test_every_foreign_key_column_is_indexed(target):
    unindexed = query(
        target,
        """
        select c.conrelid::regclass::text, a.attname
        from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        where c.contype = 'f' and c.connamespace = 'public'::regnamespace
          and not exists (select from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1])
        """,
    )
    assert (
        query(
            target, "select count(*) from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace"
        )[0][0]
        > 90
    )
    assert unindexed == []


def decoded_columns() -> set[tuple[str, str]]:
    """(staging model, column) of every code the staging models decode with decode(), read from
    their SQL: the list does not depend on any YAML declaration."""
    found = set()
    for path in (ROOT / "models" / "staging" / "legacy").glob("stg_legacy__*.sql"):
        for match in re.finditer(r"decode\('[\w.]+',\s*\{.*?\}\)\s*\}\}\s*(?:as\s+)?(\w+)", path.read_text(), re.S):
            found.add((path.stem, match.group(1)))
    return found


def check_values(target: str) -> dict[tuple[str, str], set[str] | str]:
    """{(table, column): accepted values (or the format pattern)} of the CHECKs on public tables
    that constrain one column's codes."""
    found = {}
    for table, column, definition in query(
        target,
        """
        select c.conrelid::regclass::text, a.attname, pg_get_constraintdef(c.oid)
        from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        where c.contype = 'c' and c.connamespace = 'public'::regnamespace and cardinality(c.conkey) = 1
        """,
    ):
        values = re.findall(r"'([^']*)'::text", definition)
        found[(table, column)] = values[0] if " ~ " in definition else set(values)
    return found


def test_every_decoded_code_column_has_a_database_check_with_its_declared_values(target, manifest):
    nodes = manifest["nodes"]
    marts = {n["name"]: n for n in nodes.values() if n["resource_type"] == "model" and n["schema"] == "public"}
    declared = {}
    for node in nodes.values():
        if node["resource_type"] == "test" and (node.get("test_metadata") or {}).get("name") == "accepted_values":
            kwargs = node["test_metadata"]["kwargs"]
            declared[(node["attached_node"].split(".")[-1], node["column_name"])] = set(
                kwargs.get("values") or kwargs["arguments"]["values"]
            )
        elif node["resource_type"] == "model":
            for column in node["columns"].values():
                values = (column.get("config", {}).get("meta") or column.get("meta") or {}).get("accepted_values")
                if values:
                    declared[(node["name"], column["name"])] = set(values)
    feeds = {}
    for name, node in marts.items():
        for feed in node["config"]["meta"].get("legacy", []):
            resolved = next(n for n in nodes.values() if n["name"] == feed["resolved"])
            table = resolved["config"]["meta"].get("ledger", {}).get("source_table")
            if table:
                feeds.setdefault(f"stg_legacy__{table}", set()).add(name)
    decoded = decoded_columns()
    assert len(decoded) > 30
    required = {}
    for staging, column in decoded:
        for mart in feeds.get(staging, ()):
            if column in marts[mart]["columns"] and (mart, column) not in declared:
                required[(mart, column)] = declared.get((staging, column))
    for (model, column), values in declared.items():
        if model in marts:
            required[(model, column)] = values
    for name, node in marts.items():
        for column in node["columns"].values():
            codes_of = (column.get("config", {}).get("meta") or {}).get("codes_of")
            if codes_of:
                required[(name, column["name"])] = declared[tuple(codes_of.split("."))]
            if column["name"] == "currency":
                required[(name, "currency")] = "^[A-Z]{3}$"
    checks = check_values(target)
    assert len(required) > 45
    assert {key: checks.get(key) for key in required} == required
    for table, column in (("patients", "status"), ("orders", "kind"), ("payments", "currency")):
        with psycopg.connect(target) as conn, pytest.raises(psycopg.errors.CheckViolation):
            conn.execute(f"update {table} set {column} = 'bogus' where id = (select id from {table} limit 1)")


def test_ids_created_at_and_updated_at_look_after_themselves(target):
    defaults = dict(
        query(
            target,
            "select table_name || '.' || column_name, column_default from information_schema.columns "
            "where table_schema = 'public' and column_name in ('id', 'created_at')",
        )
    )
    ids_without = [
        k for k, v in defaults.items() if k.endswith(".id") and k != "profiles.id" and v != "gen_random_uuid()"
    ]
    assert len(defaults) > 70 and ids_without == []
    assert defaults["profiles.id"] is None  # a profile's id is its auth user's
    assert [k for k, v in defaults.items() if k.endswith(".created_at") and v != "now()"] == []
    untriggered = query(
        target,
        "select c.relname from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attname = 'updated_at' "
        "where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' "
        "and not exists (select from pg_trigger t where t.tgrelid = c.oid and t.tgname = 'touch_updated_at')",
    )
    assert untriggered == []
    with psycopg.connect(target) as conn:
        row = conn.execute(
            "insert into countries (legacy_id, code, name, is_active) values (-7, 'ZZ', 'Test', false) returning id"
        ).fetchone()
        assert row[0] is not None
        changed = conn.execute(
            "update patients set notes = 'edited by the app' where id = (select id from patients limit 1) "
            "returning updated_at > now() - interval '1 minute'"
        ).fetchone()[0]
        assert changed
        conn.rollback()


def test_tables_and_columns_carry_their_yaml_descriptions(target, manifest):
    marts = [n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["schema"] == "public"]
    comments = dict(
        query(
            target,
            "select c.relname || coalesce('.' || a.attname, ''), d.description from pg_description d "
            "join pg_class c on c.oid = d.objoid and d.classoid = 'pg_class'::regclass "
            "left join pg_attribute a on a.attrelid = c.oid and a.attnum = d.objsubid and d.objsubid > 0 "
            "where c.relnamespace = 'public'::regnamespace",
        )
    )
    expected = {}
    for node in marts:
        expected[node["alias"]] = node["description"]
        for column in node["columns"].values():
            expected[f"{node['alias']}.{column['name']}"] = column["description"]
    assert len(expected) > 600
    assert {k: comments.get(k) for k in expected} == expected


def test_functions_have_a_fixed_search_path_and_extensions_their_own_schema(target):
    mutable = query(
        target,
        """
        select p.oid::regprocedure::text from pg_proc p
        where p.pronamespace in (select oid from pg_namespace where nspname in ('public', 'migration', 'private', 'auth'))
          and not exists (select from pg_depend d where d.objid = p.oid and d.deptype = 'e')
          and not exists (select from unnest(p.proconfig) as setting where setting like 'search_path=%')
        """,
    )
    assert mutable == []
    assert query(target, "select count(*) from pg_proc where pronamespace = 'private'::regnamespace")[0][0] >= 7
    assert (
        query(
            target,
            "select extname from pg_extension where extname <> 'plpgsql' and extnamespace <> 'extensions'::regnamespace",
        )
        == []
    )


# -- across syncs -------------------------------------------------------------------------------


def test_a_full_refresh_sync_keeps_every_policy_constraint_index_comment_and_auth_user(refreshed):
    assert refreshed.after["supabase"] == refreshed.before["supabase"]
