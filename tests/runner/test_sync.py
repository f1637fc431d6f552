"""Incremental syncs against a legacy database that keeps changing (docs/sync.md), on a legacy and
a target database of their own: the steps run in file order and each starts from the previous."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tests.support import ROOT, create_database, query, run_cli

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


def test_a_hard_deleted_parent_rejects_its_children_and_keeps_its_uuid(sync):
    order, task, plan = sync.target_sql(
        """
        select o.legacy_id, min(t.legacy_id), min(p.legacy_id)
        from public.orders as o
        join public.tasks as t on t.order_id = o.id
        join public.treatment_plans as p on p.order_id = o.id
        group by o.legacy_id order by o.legacy_id limit 1
        """
    )[0]
    # raw SQL, as in production: the children stay behind, orphans
    sync.legacy_sql(
        f"set session_replication_role = replica; delete from dispatch_instruction where id = {order}; "
        "set session_replication_role = origin"
    )
    leaf = sync.legacy_sql("select max(id) from dispatch_notification")[0][0]
    sync.legacy_sql("delete from dispatch_notification where id = %s", (leaf,))
    sync.build()
    assert sync.ledger("dispatch_instruction", order) == ("deleted", "deleted_in_legacy")
    assert sync.ledger("dispatch_task", task) == ("rejected", "missing_instruction")
    assert sync.ledger("dispatch_plan", plan) == ("rejected", "missing_instruction")
    assert sync.ledger("dispatch_notification", leaf) == ("deleted", "deleted_in_legacy")
    assert not sync.in_mart("orders", order) and not sync.in_mart("tasks", task)
    assert not sync.in_mart("treatment_plans", plan) and not sync.in_mart("system_messages", leaf)
    deletions = {(t, i) for t, i in sync.target_sql("select source_table, legacy_id from migration.deletions")}
    assert {("dispatch_instruction", order), ("dispatch_notification", leaf)} <= deletions
    report = sync.cli("report")
    assert report.returncode == 0 and "unexplained rows 0" in report.stdout, report.stdout[-2000:]
    remember(sync)


def test_a_row_rejected_after_a_sync_leaves_its_mart_with_the_new_reason(sync):
    unique_addresses = {
        r[0]
        for r in sync.legacy_sql(
            "select min(id) from auth_user where email <> '' group by lower(email) having count(*) = 1"
        )
    }
    user, notification = next(
        (u, n)
        for u, n in sync.target_sql(
            """
            select p.legacy_id, min(m.legacy_id) from public.profiles as p
            join public.system_messages as m on m.profile_id = p.id
            group by p.legacy_id order by p.legacy_id
            """
        )
        if u in unique_addresses
    )
    sync.legacy_sql("update auth_user set email = '' where id = %s", (user,))  # auth_user has no `modified`
    sync.build()
    assert sync.ledger("auth_user", user) == ("rejected", "missing_email")
    assert sync.ledger("dispatch_notification", notification) == ("rejected", "profile_rejected")
    assert not sync.in_mart("profiles", user) and not sync.in_mart("system_messages", notification)
    remember(sync)


def test_unique_keys_can_swap_between_two_users_in_one_sync(sync):
    a, b = (
        r[0]
        for r in sync.legacy_sql(
            """
            select u.id from auth_user as u join dispatch_usersetting as s on s.user_id = u.id
            where u.email <> '' and u.is_active
              and not exists (select from auth_user as o where lower(o.email) = lower(u.email) and o.id <> u.id)
            order by u.id limit 2
            """
        )
    )
    before = dict(
        sync.target_sql(
            "select legacy_id, (email, legacy_usersetting_id) from public.profiles where legacy_id in (%s, %s)", (a, b)
        )
    )
    sync.legacy_sql(
        f"""
        update auth_user set email = case id when {a} then (select email from auth_user where id = {b})
                                             else (select email from auth_user where id = {a}) end
        where id in ({a}, {b});
        update dispatch_usersetting set user_id = -1 where user_id = {a};
        update dispatch_usersetting set user_id = {a}, modified = now() where user_id = {b};
        update dispatch_usersetting set user_id = {b}, modified = now() where user_id = -1;
        """
    )
    sync.build()
    after = dict(
        sync.target_sql(
            "select legacy_id, (email, legacy_usersetting_id) from public.profiles where legacy_id in (%s, %s)", (a, b)
        )
    )
    assert after[a] == before[b] and after[b] == before[a]
    remember(sync)


def test_a_key_a_deleted_row_held_can_go_to_a_new_row_in_the_same_sync(sync):
    # Django's many-to-many .set() deletes the link rows and inserts them again under new ids
    instruction, product, old = sync.legacy_sql(
        "select instruction_id, product_id, id from dispatch_instruction_products order by id limit 1"
    )[0]
    sync.legacy_sql(
        f"""
        delete from dispatch_instruction_products where id = {old};
        insert into dispatch_instruction_products (instruction_id, product_id, quantity)
        values ({instruction}, {product}, 1);
        """
    )
    ((new,),) = sync.legacy_sql(
        f"select id from dispatch_instruction_products where instruction_id = {instruction} and product_id = {product}"
    )
    sync.build()
    snapshot = sync.target_sql(
        "select id from legacy_snapshot.dispatch_instruction_products where instruction_id = %s and product_id = %s",
        (instruction, product),
    )
    assert snapshot == [(new,)]
    assert sync.ledger("dispatch_instruction_products", new)
    assert sync.target_sql(
        "select 1 from migration.deletions where source_table = 'dispatch_instruction_products' and legacy_id = %s",
        (old,),
    )
    remember(sync)


def test_a_change_that_never_bumped_modified_is_caught_by_full_compare(sync):
    task = sync.target_sql("select legacy_id from public.tasks where note is not null order by legacy_id limit 1")[0][0]
    sync.legacy_sql("update dispatch_task set note = 'bulk edit without save()' where id = %s", (task,))
    sync.build()
    assert (
        sync.target_sql("select note from public.tasks where legacy_id = %s", (task,))[0][0]
        != "bulk edit without save()"
    )
    sync.build("--full-compare")
    assert (
        sync.target_sql("select note from public.tasks where legacy_id = %s", (task,))[0][0]
        == "bulk edit without save()"
    )
    remember(sync)


def test_report_after_docs_generate_still_reports_the_last_build(sync):
    docs = sync.cli("dbt", "docs", "generate")
    assert docs.returncode == 0, docs.stdout[-2000:]
    report = sync.cli("report")
    assert report.returncode == 0
    last_build = sync.target_sql("select max(run_seq) from migration.runs where command = 'build'")[0][0]
    assert f"run {last_build} (build" in report.stdout


def test_a_failed_build_reports_failed_and_exit_1(sync):
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
    repaired = sync.cli("build", "--full-refresh")
    assert repaired.returncode == 0, repaired.stdout[-3000:]
    assert sync.in_mart("tasks", victim)


def test_a_second_sync_at_the_same_time_refuses_at_once(sync):
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
        while not query(sync.target, "select exists (select from pg_locks where locktype = 'advisory' and granted)")[0][
            0
        ]:
            assert first.poll() is None and time.monotonic() < deadline, "the first sync never took the lock"
            time.sleep(0.1)
        started = time.monotonic()
        second = sync.cli("build")
        assert time.monotonic() - started < 15
        assert second.returncode == 2
        assert len(second.stderr.strip().splitlines()) == 1, second.stderr
        assert "Another sync is already running" in second.stderr
    finally:
        out, err = first.communicate(timeout=600)
    assert first.returncode == 0, out[-3000:] + err[-2000:]


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
    sync.build()


def test_a_sync_whose_legacy_server_is_unreachable_changes_nothing(sync):
    relations = sync.target_sql("select count(*) from pg_class where relkind in ('r', 'v', 'm')")
    result = run_cli(
        "build", "--legacy-url", "postgresql://migrator@127.0.0.1:1/sync_legacy", "--target-url", sync.target
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert sync.target_sql("select count(*) from pg_class where relkind in ('r', 'v', 'm')") == relations
    sync.build()


def test_demo_at_another_scale_over_the_existing_target_explains_every_row(sync):
    result = sync.cli("demo", "--scale", "0.02", "--seed", SEED)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "unexplained rows 0" in result.stdout
    remember(sync)
    now = sync.uuids()
    survivors = {k: v for k, v in sync.first_uuids.items() if k in now}
    assert survivors and all(now[k] == v for k, v in survivors.items())
