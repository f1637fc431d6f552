"""Incremental syncs against a legacy database that keeps changing (docs/sync.md), on a legacy and
a target database of their own: the steps run in file order and each starts from the previous."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest

from tests.support import ROOT, TARGET_DIR, create_database, query, run_cli

SCALE, SEED = "0.01", "11"


class Sync:
    def __init__(self) -> None:
        self.legacy = create_database("sync_legacy")
        self.target = create_database("sync_target")
        self.urls = ("--legacy-url", self.legacy, "--target-url", self.target)

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(*args, *self.urls)

    def build(self, *args: str) -> subprocess.CompletedProcess[str]:
        result = self.cli("build", *args)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
        return result

    def legacy_sql(self, sql: str, params: object = None) -> list[tuple]:
        return query(self.legacy, sql, params)

    def target_sql(self, sql: str, params: object = None) -> list[tuple]:
        return query(self.target, sql, params)

    def uuids(self) -> dict[tuple[str, int], str]:
        return {
            (e, i): str(u)
            for e, i, u in self.target_sql("select entity_type, legacy_id, new_id from migration.migration_mappings")
        }

    def ledger(self, source_table: str, legacy_id: int) -> tuple:
        rows = self.target_sql(
            "select disposition, reason_code from migration.row_ledger where source_table = %s and legacy_id = %s",
            (source_table, legacy_id),
        )
        assert len(rows) == 1, rows
        return rows[0]

    def in_mart(self, mart: str, legacy_id: int) -> bool:
        return bool(self.target_sql(f"select 1 from public.{mart} where legacy_id = %s", (legacy_id,)))


@pytest.fixture(scope="module")
def sync(cluster):
    s = Sync()
    result = s.cli("demo", "--scale", SCALE, "--seed", SEED)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    s.first_uuids = s.uuids()
    s.all_uuids = dict(s.first_uuids)
    return s


def remember(sync: Sync) -> None:
    """Every (entity, legacy id) -> UUID ever seen: never changes, never reused."""
    now = sync.uuids()
    for key, uuid in now.items():
        assert sync.all_uuids.setdefault(key, uuid) == uuid, key
    assert set(sync.all_uuids) <= set(now), "a mapping was forgotten"
    assert len(set(sync.all_uuids.values())) == len(sync.all_uuids), "a UUID was reused"


def test_a_no_change_sync_does_nothing_and_says_so(sync):
    result = sync.build()
    assert "(no change)" in result.stdout
    run = sync.target_sql("select status, no_change from migration.runs order by run_seq desc limit 1")[0]
    assert run == ("ok", True)


FOREIGN_AUTH_USER = "00000000-0000-4000-8000-0000000000fe"


@pytest.fixture(scope="module")
def mutated(sync):
    """One sync takes in every kind of change production makes, all at once; each test below checks
    one of them. The subjects are distinct rows, so that no change explains another."""
    m = SimpleNamespace()
    # a doctor's legacy user, hard-deleted (raw SQL: their memberships stay behind); and an auth
    # user the application created itself, which no sync may touch
    m.doctor_profile, m.doctor = sync.target_sql(
        "select p.id, p.legacy_id from profiles p join doctors d on d.profile_id = p.id order by p.legacy_id limit 1"
    )[0]
    (m.doctor_row,) = sync.legacy_sql(f"select row_to_json(u)::text from auth_user as u where id = {m.doctor}")[0]
    sync.target_sql(
        "insert into auth.users (id, aud, role, email, created_at) "
        "values (%s, 'authenticated', 'authenticated', 'signed-up-later@example.org', now())",
        [FOREIGN_AUTH_USER],
    )
    # a user whose e-mail is blanked (auth_user has no `modified`): rejected from now on
    unique_addresses = {
        r[0]
        for r in sync.legacy_sql(
            "select min(id) from auth_user where email <> '' group by lower(email) having count(*) = 1"
        )
    }
    m.blanked, m.notification = next(
        (u, n)
        for u, n in sync.target_sql(
            """
            select p.legacy_id, min(m.legacy_id) from public.profiles as p
            join public.system_messages as m on m.profile_id = p.id
            group by p.legacy_id order by p.legacy_id
            """
        )
        if u in unique_addresses and u != m.doctor
    )
    # two users who swap their e-mails and their usersettings
    m.a, m.b = (
        r[0]
        for r in sync.legacy_sql(
            """
            select u.id from auth_user as u join dispatch_usersetting as s on s.user_id = u.id
            where u.email <> '' and u.is_active and u.id <> all(%s)
              and not exists (select from auth_user as o where lower(o.email) = lower(u.email) and o.id <> u.id)
            order by u.id limit 2
            """,
            ([m.doctor, m.blanked],),
        )
    )
    m.before_swap = swap_state(sync, m.a, m.b)
    # an order hard-deleted with raw SQL, as in production: its children stay behind, orphans
    m.order, m.task, m.plan = sync.target_sql(
        """
        select o.legacy_id, min(t.legacy_id), min(p.legacy_id)
        from public.orders as o
        join public.tasks as t on t.order_id = o.id
        join public.treatment_plans as p on p.order_id = o.id
        where o.doctor_id not in (select id from public.profiles where legacy_id = any(%s))
        group by o.legacy_id order by o.legacy_id limit 1
        """,
        ([m.doctor, m.blanked, m.a, m.b],),
    )[0]
    m.leaf = sync.legacy_sql("select max(id) from dispatch_notification")[0][0]
    # a many-to-many .set(): the link row is deleted and inserted again under a new id
    instruction, product, m.old_link = sync.legacy_sql(
        "select instruction_id, product_id, id from dispatch_instruction_products where instruction_id <> %s "
        "order by id limit 1",
        (m.order,),
    )[0]
    # a bulk edit that never bumped `modified` (legacy issue 19)
    m.edited = sync.target_sql(
        "select legacy_id from public.tasks where note is not null and legacy_id <> %s order by legacy_id desc limit 1",
        (m.task,),
    )[0][0]
    sync.legacy_sql(
        f"""
        set session_replication_role = replica;
        delete from auth_user where id = {m.doctor};
        delete from dispatch_instruction where id = {m.order};
        set session_replication_role = origin;
        delete from dispatch_notification where id = {m.leaf};
        update auth_user set email = '' where id = {m.blanked};
        update auth_user set email = case id when {m.a} then (select email from auth_user where id = {m.b})
                                             else (select email from auth_user where id = {m.a}) end
        where id in ({m.a}, {m.b});
        update dispatch_usersetting set user_id = -1 where user_id = {m.a};
        update dispatch_usersetting set user_id = {m.a}, modified = now() where user_id = {m.b};
        update dispatch_usersetting set user_id = {m.b}, modified = now() where user_id = -1;
        delete from dispatch_instruction_products where id = {m.old_link};
        insert into dispatch_instruction_products (instruction_id, product_id, quantity)
        values ({instruction}, {product}, 1);
        update dispatch_task set note = 'bulk edit without save()' where id = {m.edited};
        """
    )
    ((m.new_link,),) = sync.legacy_sql(
        f"select id from dispatch_instruction_products where instruction_id = {instruction} and product_id = {product}"
    )
    m.link = (instruction, product)
    m.result = sync.build()
    remember(sync)
    return m


def swap_state(sync: Sync, a: int, b: int) -> dict[int, tuple]:
    return dict(
        sync.target_sql(
            "select legacy_id, (email, legacy_usersetting_id) from public.profiles where legacy_id in (%s, %s)", (a, b)
        )
    )


def test_a_hard_deleted_parent_rejects_its_children_and_keeps_its_uuid(sync, mutated):
    m = mutated
    assert sync.ledger("dispatch_instruction", m.order) == ("deleted", "deleted_in_legacy")
    assert sync.ledger("dispatch_task", m.task) == ("rejected", "missing_instruction")
    assert sync.ledger("dispatch_plan", m.plan) == ("rejected", "missing_instruction")
    assert sync.ledger("dispatch_notification", m.leaf) == ("deleted", "deleted_in_legacy")
    assert not sync.in_mart("orders", m.order) and not sync.in_mart("tasks", m.task)
    assert not sync.in_mart("treatment_plans", m.plan) and not sync.in_mart("system_messages", m.leaf)
    deletions = {(t, i) for t, i in sync.target_sql("select source_table, legacy_id from migration.deletions")}
    assert {("dispatch_instruction", m.order), ("dispatch_notification", m.leaf)} <= deletions
    report = sync.cli("report")
    assert report.returncode == 0 and "unexplained rows 0" in report.stdout, report.stdout[-2000:]


def test_a_row_rejected_after_a_sync_leaves_its_mart_with_the_new_reason(sync, mutated):
    assert sync.ledger("auth_user", mutated.blanked) == ("rejected", "missing_email")
    assert sync.ledger("dispatch_notification", mutated.notification) == ("rejected", "profile_rejected")
    assert not sync.in_mart("profiles", mutated.blanked) and not sync.in_mart("system_messages", mutated.notification)


def test_unique_keys_can_swap_between_two_users_in_one_sync(sync, mutated):
    m = mutated
    after = swap_state(sync, m.a, m.b)
    assert after[m.a] == m.before_swap[m.b] and after[m.b] == m.before_swap[m.a]


def test_a_key_a_deleted_row_held_can_go_to_a_new_row_in_the_same_sync(sync, mutated):
    snapshot = sync.target_sql(
        "select id from legacy_snapshot.dispatch_instruction_products where instruction_id = %s and product_id = %s",
        mutated.link,
    )
    assert snapshot == [(mutated.new_link,)]
    assert sync.ledger("dispatch_instruction_products", mutated.new_link)
    assert sync.target_sql(
        "select 1 from migration.deletions where source_table = 'dispatch_instruction_products' and legacy_id = %s",
        (mutated.old_link,),
    )


def test_a_deleted_legacy_user_takes_their_auth_user_and_nothing_else(sync, mutated):
    profile = mutated.doctor_profile
    assert sync.target_sql("select count(*) from auth.users where id = %s", [profile]) == [(0,)]
    assert sync.target_sql("select count(*) from doctors where profile_id = %s", [profile]) == [(0,)]
    assert sync.target_sql("select email from auth.users where id = %s", [FOREIGN_AUTH_USER]) == [
        ("signed-up-later@example.org",)
    ]
    unmatched = sync.target_sql(
        "select p.id, u.id from profiles p full join auth.users u on u.id = p.id where p.id is null or u.id is null"
    )
    assert [(str(p) if p else None, str(u)) for p, u in unmatched] == [(None, FOREIGN_AUTH_USER)]
    assert sync.target_sql("select count(*) from migration.auth_users") == sync.target_sql(
        "select count(*) from profiles"
    )


def test_a_change_that_never_bumped_modified_is_not_seen_by_a_plain_sync(sync, mutated):
    (note,) = sync.target_sql("select note from public.tasks where legacy_id = %s", (mutated.edited,))[0]
    assert note != "bulk edit without save()"


def test_report_after_docs_generate_still_reports_the_last_build(sync, mutated):
    docs = sync.cli("dbt", "docs", "generate")
    assert docs.returncode == 0, docs.stdout[-2000:]
    report = sync.cli("report")
    assert report.returncode == 0
    last_build = sync.target_sql("select max(run_seq) from migration.runs where command = 'runner build'")[0][0]
    assert f"run {last_build} (runner build" in report.stdout


@pytest.fixture(scope="module")
def full_compared(sync, mutated):
    """The deleted legacy user comes back, some tasks are saved again, and a `--full-compare` sync
    runs; while it holds the lock, a second sync is started."""
    sync.legacy_sql(
        "insert into auth_user select * from json_populate_record(null::auth_user, %s::json)", [mutated.doctor_row]
    )
    sync.legacy_sql("update dispatch_task set modified = now() where id % 50 = 0")
    first = subprocess.Popen(
        [sys.executable, "-m", "runner", "build", "--full-compare", *sync.urls],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not query(sync.target, "select exists (select from migration.runs where status = 'running' and is_sync)")[
            0
        ][0]:
            assert first.poll() is None and time.monotonic() < deadline, "the first sync never took the lock"
            time.sleep(0.1)
        started = time.monotonic()
        second = sync.cli("build")
        second_seconds = time.monotonic() - started
        attach = sync.cli("attach")
    finally:
        out, err = first.communicate(timeout=600)
    assert first.returncode == 0, out[-3000:] + err[-2000:]
    remember(sync)
    return SimpleNamespace(second=second, second_seconds=second_seconds, attach=attach)


def test_a_second_sync_at_the_same_time_refuses_at_once(full_compared):
    second = full_compared.second
    assert full_compared.second_seconds < 15
    assert second.returncode == 2
    assert len(second.stderr.strip().splitlines()) == 1, second.stderr
    assert "Another sync is already running" in second.stderr


def test_attach_takes_the_same_lease_as_a_sync(full_compared):
    attach = full_compared.attach
    assert attach.returncode == 2
    assert len(attach.stderr.strip().splitlines()) == 1 and "Another sync is already running" in attach.stderr


def test_a_change_that_never_bumped_modified_is_caught_by_full_compare(sync, mutated, full_compared):
    (note,) = sync.target_sql("select note from public.tasks where legacy_id = %s", (mutated.edited,))[0]
    assert note == "bulk edit without save()"


def test_a_legacy_user_who_comes_back_gets_their_profile_uuid_again(sync, mutated, full_compared):
    profile = mutated.doctor_profile
    assert sync.target_sql("select id from profiles where legacy_id = %s", [mutated.doctor]) == [(profile,)]
    assert sync.target_sql("select count(*) from auth.users where id = %s", [profile]) == [(1,)]
    assert sync.target_sql("select count(*) from doctors where profile_id = %s", [profile]) != [(0,)]


def test_a_failed_build_reports_failed_and_exit_1(sync, full_compared):
    victim = sync.target_sql("select legacy_id from public.tasks order by legacy_id desc limit 1")[0][0]
    sync.target_sql("delete from public.tasks where legacy_id = %s", (victim,))
    sync.legacy_sql("update dispatch_task set modified = now() where id = (select min(id) from dispatch_task)")
    failed = sync.cli("build")
    assert failed.returncode == 1
    report = sync.cli("report")
    assert report.returncode == 1
    assert "status: failed" in report.stdout
    # the report names the failed test, not only a count
    named = [line for line in report.stdout.splitlines() if line.startswith("fail: test.")]
    assert any("tasks" in line for line in named), report.stdout[-2000:]
    assert sync.target_sql("select status from migration.runs order by run_seq desc limit 1")[0][0] == "failed"
    # the repair recomputes what the failure reaches, as a dbt user would select it
    repaired = sync.cli("dbt", "build", "--full-refresh", "--select", "tasks+")
    assert repaired.returncode == 0, repaired.stdout[-3000:]
    assert sync.in_mart("tasks", victim)
    assert sync.target_sql("select status from migration.runs order by run_seq desc limit 1")[0][0] == "ok"


def test_an_unknown_legacy_column_stops_the_sync_and_is_recorded(sync):
    sync.legacy_sql("alter table dispatch_tag add column shade text not null default ''")
    try:
        before = sync.target_sql("select count(*) from pg_class where relnamespace = 'public'::regnamespace")
        result = sync.cli("build")
        assert result.returncode == 2
        assert "dispatch_tag has unexpected column(s) shade" in result.stderr
        assert sync.target_sql("select count(*) from pg_class where relnamespace = 'public'::regnamespace") == before
        assert sync.target_sql("select status from migration.runs order by run_seq desc limit 1")[0][0] == "failed"
        assert sync.cli("report").returncode == 1
    finally:
        sync.legacy_sql("alter table dispatch_tag drop column shade")
    # the refused sync changed nothing, so the next one has nothing to redo
    settled = sync.build()
    assert "(no change)" in settled.stdout, settled.stdout[-3000:]


def test_a_legacy_type_change_refuses_before_anything_changes_and_reverting_recovers(sync):
    """Issue 19: a changed legacy type is refused by the schema guard (exit 2, one sentence naming
    table, column, old and new type); no model layer follows it; reverting recovers."""
    state = "select count(*), max(run_seq) from migration.runs where status = 'ok'"
    types = (
        "select table_schema, data_type from information_schema.columns where column_name = 'is_active' "
        "and table_name in ('offices', 'int_offices__resolved', 'dispatch_office') order by 1"
    )
    before, columns = sync.target_sql(state), sync.target_sql(types)
    sync.legacy_sql("alter table dispatch_office alter column is_active type text using is_active::text")
    try:
        refused = sync.cli("build")
        assert refused.returncode == 2, refused.stdout[-2000:]
        lines = refused.stderr.strip().splitlines()
        assert len(lines) == 1, refused.stderr
        assert "dispatch_office.is_active changed type from boolean to text" in lines[0]
        assert "models/staging/legacy/_legacy__sources.yml" in lines[0]
        assert sync.target_sql(types) == columns and sync.target_sql(state) == before
        assert sync.cli("build", "--full-refresh").returncode == 2
        assert sync.target_sql(types) == columns
    finally:
        sync.legacy_sql("alter table dispatch_office alter column is_active type boolean using is_active::boolean")
    settled = sync.build()
    assert "(no change)" in settled.stdout, settled.stdout[-3000:]


def test_a_type_change_the_contract_tolerates_copies_the_table_again(sync):
    (length,) = sync.legacy_sql(
        "select character_maximum_length from information_schema.columns "
        "where table_name = 'dispatch_tag' and column_name = 'name'"
    )[0]
    sync.legacy_sql("alter table dispatch_tag alter column name type varchar(200)")
    try:
        result = sync.build()
        assert "1 table(s) copied whole" in result.stdout
        assert sync.target_sql(
            "select format_type(atttypid, atttypmod) from pg_attribute "
            "where attrelid = 'legacy_snapshot.dispatch_tag'::regclass and attname = 'name'"
        ) == [("character varying(200)",)]
    finally:
        sync.legacy_sql(f"alter table dispatch_tag alter column name type varchar({length})")
    assert sync.build().returncode == 0


def test_a_killed_sync_is_marked_abandoned_by_the_next_one(sync):
    first = subprocess.Popen(
        [sys.executable, "-m", "runner", "build", "--full-compare", *sync.urls],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not sync.target_sql("select exists (select from migration.runs where status = 'running' and is_sync)")[0][0]:
        assert first.poll() is None and time.monotonic() < deadline
        time.sleep(0.1)
    first.kill()
    first.wait()
    (killed,) = sync.target_sql("select max(run_seq) from migration.runs where status = 'running'")[0]
    time.sleep(3)
    after = run_cli("build", *sync.urls, env={"MIGRATION_LEASE_SECONDS": "2"})
    assert after.returncode == 0, after.stdout[-3000:] + after.stderr[-2000:]
    (status, noticed) = sync.target_sql(
        "select status, abandoned_at from migration.runs where run_seq = %s", (killed,)
    )[0]
    assert status == "abandoned" and noticed is not None
    history = sync.cli("report", "--json", str(TARGET_DIR / "sync-report.json"))
    assert history.returncode == 0
    runs = {r["run_seq"]: r for r in json.loads((TARGET_DIR / "sync-report.json").read_text())["history"]}
    assert runs[killed]["status"] == "abandoned"


def test_a_sync_whose_legacy_server_is_unreachable_changes_nothing(sync):
    assert sync.build().returncode == 0  # settled: whatever an earlier test left is synced
    relations = sync.target_sql("select count(*) from pg_class where relkind in ('r', 'v', 'm')")
    result = run_cli(
        "build", "--legacy-url", "postgresql://migrator@127.0.0.1:1/sync_legacy", "--target-url", sync.target
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert sync.target_sql("select count(*) from pg_class where relkind in ('r', 'v', 'm')") == relations
    settled = sync.build()
    assert "(no change)" in settled.stdout, settled.stdout[-3000:]


def test_demo_at_another_scale_over_the_existing_target_explains_every_row(sync):
    result = sync.cli("demo", "--scale", "0.02", "--seed", SEED)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "unexplained rows 0" in result.stdout
    remember(sync)
    now = sync.uuids()
    survivors = {k: v for k, v in sync.first_uuids.items() if k in now}
    assert survivors and all(now[k] == v for k, v in survivors.items())
    assert sync.target_sql("select count(*) from auth.users where id = %s", [FOREIGN_AUTH_USER]) == [(1,)]
