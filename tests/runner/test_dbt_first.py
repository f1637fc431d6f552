"""`dbt build` is the migration: a plain dbt build (the profile of profiles.example.yml, the target's
variables and LEGACY_DATABASE_URL, no runner code) syncs the legacy database through postgres_fdw
and proves parity against it (docs/sync.md). On the shared target; each step leaves it synced."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from runner.settings import Conninfo
from tests.support import ROOT, TARGET_DIR, query, run_cli, uuid_state

DBT = "import sys\nfrom dbt.cli.main import dbtRunner\nsys.exit(0 if dbtRunner().invoke(sys.argv[1:]).success else 1)\n"


class PlainDbt:
    """dbt through dbtRunner, in its own process, with only the documented variables."""

    def __init__(self, built, folder: Path) -> None:
        self.built = built
        shutil.copyfile(ROOT / "profiles.example.yml", folder / "profiles.yml")
        target = Conninfo.parse(built.target_url, "target")
        self.env = {
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", "/root"),
            "DO_NOT_TRACK": "1",
            "DBT_PROFILES_DIR": str(folder),
            "MIGRATION_TARGET_HOST": target.host,
            "MIGRATION_TARGET_PORT": str(target.port),
            "MIGRATION_TARGET_USER": target.user,
            "MIGRATION_TARGET_DBNAME": target.dbname,
            "LEGACY_DATABASE_URL": built.legacy_url,
            # the suite's own artifacts and logs (a worker's, under pytest -n)
            **{name: os.environ[name] for name in ("DBT_TARGET_PATH", "DBT_LOG_PATH") if name in os.environ},
        }

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", DBT, *args], cwd=ROOT, env=self.env, capture_output=True, text=True, check=False
        )

    def target(self, sql: str, params: object = None) -> list[tuple]:
        return query(self.built.target_url, sql, params)

    def legacy(self, sql: str, params: object = None) -> list[tuple]:
        return query(self.built.legacy_url, sql, params)

    def sync_runs(self) -> int:
        return self.target("select count(*) from migration.runs where is_sync")[0][0]


@pytest.fixture(scope="module")
def dbt(built, tmp_path_factory):
    return PlainDbt(built, tmp_path_factory.mktemp("profiles"))


@pytest.fixture(scope="module")
def changed(dbt):
    """A legacy insert, an update that bumps `modified` and a hard delete, then a plain `dbt build`."""
    before = uuid_state(dbt.built.target_url)
    # The generator's dangling references (issue-1 orphans, missing patients) point just past the last
    # patient id; a new patient there would turn them into valid rows for every later test on this cluster.
    (patient,) = dbt.legacy("select max(id) + 1000000 from dispatch_patient")[0]
    columns = [
        r[0]
        for r in dbt.legacy(
            "select attname from pg_attribute where attrelid = 'public.dispatch_patient'::regclass and attnum > 0 "
            "and not attisdropped and attname not in ('id', 'modified', 'first_name') order by attnum"
        )
    ]
    (template,) = dbt.target("select min(legacy_id) from public.patients where not is_deleted")[0]
    dbt.legacy(
        f"insert into dispatch_patient (id, first_name, modified, {', '.join(columns)}) "
        f"select {patient}, 'Inserted by the dbt test', now(), {', '.join(columns)} from dispatch_patient where id = %s",
        (template,),
    )
    (edited,) = dbt.target("select max(legacy_id) from public.patients where not is_deleted")[0]
    dbt.legacy(
        "update dispatch_patient set notes = 'edited, modified bumped', modified = now() where id = %s", (edited,)
    )
    (gone, gone_uuid) = dbt.target("select legacy_id, id from public.system_messages order by legacy_id desc limit 1")[
        0
    ]
    dbt.legacy("delete from dispatch_notification where id = %s", (gone,))
    result = dbt("build")
    return before, patient, edited, (gone, gone_uuid), result


def test_a_plain_dbt_build_takes_in_an_insert_an_update_and_a_hard_delete(dbt, changed):
    before, patient, edited, (gone, gone_uuid), result = changed
    assert result.returncode == 0, result.stdout[-4000:]
    assert dbt.target("select first_name from public.patients where legacy_id = %s", (patient,)) == [
        ("Inserted by the dbt test",)
    ]
    assert dbt.target("select notes from public.patients where legacy_id = %s", (edited,)) == [
        ("edited, modified bumped",)
    ]
    assert dbt.target("select count(*) from public.system_messages where legacy_id = %s", (gone,)) == [(0,)]
    assert dbt.target(
        "select disposition from migration.row_ledger where source_table = 'dispatch_notification' and legacy_id = %s",
        (gone,),
    ) == [("deleted",)]
    mappings, marts = uuid_state(dbt.built.target_url)
    assert before[0] <= mappings  # every UUID ever assigned is still assigned, and the same
    assert len(mappings - before[0]) == 1  # the new patient's
    lost = {mart: before[1][mart] - ids for mart, ids in marts.items() if before[1][mart] - ids}
    assert lost == {"system_messages": {(gone_uuid,)}}  # every surviving row kept its UUID


def test_the_ledger_balances_against_the_live_legacy_counts(dbt, changed):
    recon = dbt.target(
        "select source_table, source_rows, migrated_rows + rejected_rows + excluded_rows, unexplained_rows "
        "from migration.reconciliation"
    )
    assert len(recon) == 63
    for table, source, explained, unexplained in recon:
        (live,) = dbt.legacy(f"select count(*) from public.{table}")[0]
        assert source == live == explained and unexplained == 0, table


def test_runner_report_reports_the_dbt_run_as_the_latest_sync(dbt, changed):
    (seq, command, status) = dbt.target(
        "select run_seq, command, status from migration.runs where is_sync order by run_seq desc limit 1"
    )[0]
    assert (command, status) == ("dbt build", "ok")
    report = run_cli("report")
    assert report.returncode == 0, report.stdout[-2000:]
    assert f"run {seq} (dbt build, ok" in report.stdout


def test_report_of_an_earlier_run_gives_that_runs_own_figures(dbt, changed, tmp_path):
    """`report --run N`: the ledger as run N left it (migration.run_tables), not as it is now."""
    (latest, previous) = dbt.target(
        "select max(run_seq), max(run_seq) filter (where run_seq < (select max(run_seq) from migration.runs "
        "where is_sync and status = 'ok')) from migration.runs where is_sync and status = 'ok'"
    )[0]
    figures = {}
    for seq in (previous, latest):
        path = tmp_path / f"run-{seq}.json"
        result = run_cli("report", "--run", str(seq), "--json", str(path))
        assert path.is_file(), result.stderr[-2000:]
        report = json.loads(path.read_text())
        assert report["run"]["run_seq"] == seq
        figures[seq] = {t["source_table"]: t for t in report["tables"]}
    recorded = dict(
        dbt.target(
            "select run_seq, legacy_rows from migration.run_tables where source_table = 'dispatch_patient' "
            "and run_seq = any(%s)",
            ([previous, latest],),
        )
    )
    for seq in (previous, latest):
        assert figures[seq]["dispatch_patient"]["source_rows"] == recorded[seq], seq
    # the first build (the demo's) recorded its ledger too, although its report views were new
    assert dbt.target(
        "select migrated + rejected + excluded = legacy_rows from migration.run_tables "
        "where run_seq = (select min(run_seq) from migration.runs where is_sync and status = 'ok') "
        "and source_table = 'dispatch_patient'"
    ) == [(True,)]
    # the dbt build inserted a patient and hard-deleted a notification after the previous run
    assert (
        figures[latest]["dispatch_patient"]["source_rows"] == figures[previous]["dispatch_patient"]["source_rows"] + 1
    )
    notes = (figures[previous]["dispatch_notification"], figures[latest]["dispatch_notification"])
    assert notes[1]["source_rows"] == notes[0]["source_rows"] - 1
    assert notes[1]["deleted_rows"] == notes[0]["deleted_rows"] + 1


def test_every_legacy_source_is_a_foreign_table_of_the_target(dbt, docs):
    manifest, _ = docs
    sources = [s for s in manifest["sources"].values() if s["source_name"] == "legacy"]
    assert len(sources) == 63
    foreign = {
        r[0]
        for r in dbt.target(
            "select c.relname from pg_foreign_table f join pg_class c on c.oid = f.ftrelid "
            "where c.relnamespace = 'legacy'::regnamespace"
        )
    }
    assert {s["schema"] for s in sources} == {"legacy"}
    assert {s["identifier"] for s in sources} == foreign
    # the lineage reads legacy table -> snapshot -> staging
    base = manifest["nodes"]["model.legacy_migration.base_legacy__dispatch_patient"]
    assert base["depends_on"]["nodes"] == ["source.legacy_migration.legacy.dispatch_patient"]
    staging = manifest["nodes"]["model.legacy_migration.stg_legacy__dispatch_patient"]
    assert staging["depends_on"]["nodes"] == ["model.legacy_migration.base_legacy__dispatch_patient"]


def test_test_docs_ls_and_compile_never_sync(dbt, changed):
    syncs = dbt.sync_runs()
    for command in (["ls"], ["compile", "--select", "patients"], ["docs", "generate"], ["test", "--select", "tags"]):
        result = dbt(*command)
        assert result.returncode == 0, (command, result.stdout[-2000:])
    assert dbt.sync_runs() == syncs
    assert dbt.target("select count(*) from migration.runs where status = 'running'") == [(0,)]  # none left open
    assert dbt.target("select command, is_sync from migration.runs order by run_seq desc limit 1") == [
        ("dbt test", False)
    ]


def test_a_snapshot_that_misses_a_legacy_row_fails_the_parity_test_naming_table_and_id(dbt, changed):
    """A sync bug simulated: the snapshot's bucket figures claim a legacy row it does not hold."""
    (missed,) = dbt.legacy("select max(id) + 1 from dispatch_comment")[0]
    dbt.legacy(
        "insert into dispatch_comment select (jsonb_populate_record(null::dispatch_comment, "
        "to_jsonb(c) || jsonb_build_object('id', %s, 'modified', '2001-01-01'))).* "
        "from dispatch_comment c order by id limit 1",
        (missed,),
    )
    dbt.target(
        "insert into migration.sync_buckets (source_table, b, n, s, h, r) "
        "values ('dispatch_comment', %s >> 6, 1, %s, hashint8extended(%s, 0), 0) "
        "on conflict (source_table, b) do update set n = sync_buckets.n + 1, s = sync_buckets.s + excluded.s, "
        "h = sync_buckets.h + excluded.h",
        (missed, missed, missed),
    )
    try:
        failed = dbt("build", "--select", "base_legacy__dispatch_comment")
        assert failed.returncode == 1, failed.stdout[-3000:]
        name = "matches_legacy_base_legacy__dispatch_comment_source_legacy_dispatch_comment_"
        assert name in failed.stdout
        # dbt shortens a long test's file name: its compiled SQL is read from run_results.json
        results = json.loads((TARGET_DIR / "run_results.json").read_text())["results"]
        (executed,) = [
            r["compiled_code"] for r in results if r["unique_id"].startswith(f"test.legacy_migration.{name}")
        ]
        problems = dbt.target(executed)
        assert (missed, "in legacy dispatch_comment, missing from the snapshot") in [(r[0], r[1]) for r in problems]
        assert any(r[0] is None and "counted" in r[1] and "dispatch_comment" in r[1] for r in problems)
    finally:
        dbt.legacy("delete from dispatch_comment where id = %s", (missed,))
        dbt.target(
            "update migration.sync_buckets set n = n - 1, s = s - %s, h = h - hashint8extended(%s, 0) "
            "where source_table = 'dispatch_comment' and b = %s >> 6",
            (missed, missed, missed),
        )
    assert dbt("build", "--select", "base_legacy__dispatch_comment").returncode == 0


def test_dbt_retry_after_a_failed_build_continues_the_run_and_converges(dbt, changed):
    dbt.target(
        "create or replace function public.refuse_tags() returns trigger language plpgsql as "
        "$$ begin raise exception 'the tags are locked for the test'; end $$"
    )
    dbt.target(
        "create trigger refuse_tags before update or insert on public.tags for each row execute function public.refuse_tags()"
    )
    try:
        (tag,) = dbt.legacy("select min(id) from dispatch_tag")[0]
        dbt.legacy("update dispatch_tag set name = name || ' (renamed)' where id = %s", (tag,))
        failed = dbt("build", "--select", "source:legacy.dispatch_tag+")  # what the change reaches
        assert failed.returncode == 1
        (seq, status) = dbt.target(
            "select run_seq, status from migration.runs where is_sync order by run_seq desc limit 1"
        )[0]
        assert status == "failed"
    finally:
        dbt.target("drop trigger refuse_tags on public.tags")
    retried = dbt("retry")
    assert retried.returncode == 0, retried.stdout[-3000:]
    open_results = dbt.target(
        "select unique_id, status from migration.run_results where run_seq = %s "
        "and status not in ('success', 'pass', 'no-op', 'warn')",
        (seq,),
    )
    assert dbt.target("select run_seq, status from migration.runs where is_sync order by run_seq desc limit 1") == [
        (seq, "ok")
    ], open_results
    assert dbt.target("select name from public.tags where legacy_id = %s", (tag,))[0][0].endswith(" (renamed)")
    assert dbt.target("select sum(unexplained_rows) from migration.reconciliation") == [(0,)]


def test_source_freshness_is_the_legacys_newest_change_against_the_last_sync(dbt, changed):
    fresh = dbt("source", "freshness")
    assert fresh.returncode == 0, fresh.stdout[-2000:]
    results = {
        r["unique_id"].split(".")[-1]: r for r in json.loads((TARGET_DIR / "sources.json").read_text())["results"]
    }
    assert len(results) == 24 and all(r["status"] == "pass" for r in results.values())
    (edited,) = dbt.legacy("select min(id) from dispatch_comment")[0]
    (modified,) = dbt.legacy("select modified from dispatch_comment where id = %s", (edited,))[0]
    dbt.legacy("update dispatch_comment set modified = now() + interval '10 days' where id = %s", (edited,))
    try:
        late = dbt("source", "freshness", "--select", "source:legacy.dispatch_comment")
        assert late.returncode == 1
        (result,) = json.loads((TARGET_DIR / "sources.json").read_text())["results"]
        assert result["status"] == "error" and result["max_loaded_at_time_ago_in_s"] > 9 * 86400
        (watermark,) = dbt.target(
            "select watermark::timestamptz from migration.sync_tables where source_table = 'dispatch_comment'"
        )[0]
        assert result["max_loaded_at"].startswith(watermark.isoformat()[:19])
    finally:
        dbt.legacy("update dispatch_comment set modified = %s where id = %s", (modified, edited))
