"""`runner review --base REF`: what the working tree does to the data, against a base git ref
(docs/review.md).

Both sides are built on the target's server, in scratch databases, on ONE legacy snapshot; the
real target's marts, mappings and run history are never touched:

1. `<target>_review_base`: the base ref, checked out into a temporary git worktree, built whole
   (`dbt build`: its on-run-start takes the snapshot). Kept with --keep, and then reused by the
   next review of the same base commit and legacy database.
2. `<target>_review_head`: a copy of it (`create database ... template`), so it starts with the
   base's snapshot and built state. The models the change reaches (dbt's `state:modified+`
   against the base's manifest, plus the models whose strategy, materialization or hook macros
   changed, which dbt's own checksums miss) are copied aside (schema review_base), with the
   ledger rows and money totals they feed and the DDL the catalog holds for them; then the
   working tree builds them there with `review_frozen_snapshot` (no legacy read,
   macros/sync/review.sql) and `full_recompute` (every row of those models, as a fresh build
   of the branch would compute it).
3. The comparison is set-based in SQL inside the head database: per model a full outer join by
   primary key, per legacy row the ledger before and after, the UUID of every surviving legacy
   id, the money totals; the compiled SQL of both sides and their generated DDL (policies,
   constraints, indexes, triggers, grants, comments) are diffed as text.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

from runner.build import refusal
from runner.db import connect
from runner.dbt import TARGET_DIR, run_dbt
from runner.errors import EnvironmentProblem
from runner.progress import Progress
from runner.settings import PROJECT_ROOT, Databases

PACKAGE = "legacy_migration"
SAMPLES = 5  # sample keys per changed column, added and removed rows, and ledger movement
HEAD_VARS = json.dumps({"review_frozen_snapshot": True, "full_recompute": True})
WORK = TARGET_DIR / "review"  # the base's checkout and both sides' dbt artifacts


@dataclass(frozen=True)
class Scratch:
    """The two scratch databases of a review and the databases each side's dbt talks to."""

    base_db: str
    head_db: str
    base: Databases
    head: Databases


def _git(*args: str, cwd: Path = PROJECT_ROOT) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "no output"
        raise EnvironmentProblem(
            f"git {' '.join(args)} failed ({reason}); run the review inside a git checkout of this project."
        )
    return done.stdout.strip()


def resolve_base(ref: str) -> str:
    """The commit a ref names; a ref git does not know is a usage error."""
    found = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode != 0:
        raise EnvironmentProblem(
            f"--base {ref!r} is not a commit of this repository; pass a branch, tag or commit "
            "(e.g. --base origin/main)."
        )
    return found.stdout.strip()


def scratch(dbs: Databases) -> Scratch:
    target = dbs.target
    base_db, head_db = f"{target.dbname}_review_base", f"{target.dbname}_review_head"

    def on(name: str) -> Databases:
        return Databases(dbs.legacy_url, make_conninfo(target.conninfo(), dbname=name), dbs.embedded)

    return Scratch(base_db, head_db, on(base_db), on(head_db))


def _admin(dbs: Databases, *statements: sql.Composable | str) -> list[Any]:
    """Statements on the target's server (create and drop database), from the target connection."""
    out: list[Any] = []
    with connect(dbs.target_url, "target", autocommit=True) as conn:
        for statement in statements:
            try:
                cur = conn.execute(statement)
            except psycopg.errors.InsufficientPrivilege as exc:
                raise EnvironmentProblem(
                    f"The target role {dbs.target.user} may not create the review's scratch databases "
                    f"({exc.diag.message_primary}); grant it CREATEDB (`alter role {dbs.target.user} createdb`)."
                ) from exc
            out.append(cur.fetchall() if cur.description else None)
    return out


def _drop(dbs: Databases, *names: str) -> None:
    _admin(dbs, *(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(n)) for n in names))


def _marker(sha: str, dbs: Databases) -> str:
    return f"legacy_migration review base {sha} on {dbs.legacy.redacted()}"


def _kept_base(dbs: Databases, s: Scratch, sha: str) -> bool:
    """A base kept by an earlier `review --keep` of the same commit and legacy database."""
    (found,) = _admin(
        dbs,
        sql.SQL("select shobj_description(oid, 'pg_database') from pg_database where datname = {}").format(
            sql.Literal(s.base_db)
        ),
    )
    manifest = WORK / "base" / "manifest.json"
    return bool(found) and found[0][0] == _marker(sha, dbs) and manifest.exists()


def _latest_snapshot_run(url: str) -> dict[str, Any] | None:
    with connect(url, "target") as conn:
        if conn.execute("select to_regclass('migration.runs')").fetchone()[0] is None:
            return None
        row = conn.execute(
            "select run_seq, status, refused, coalesce(models_errored, 0) + coalesce(models_skipped, 0), error "
            "from migration.runs where is_sync order by run_seq desc limit 1"
        ).fetchone()
    return dict(zip(("run_seq", "status", "refused", "models_failed", "error"), row, strict=True)) if row else None


def build_base(dbs: Databases, s: Scratch, ref: str, sha: str, progress: Progress) -> None:
    """The base ref, checked out into a temporary worktree and built whole in the base database."""
    _drop(dbs, s.head_db, s.base_db)
    _admin(dbs, sql.SQL("create database {}").format(sql.Identifier(s.base_db)))
    source, artifacts = WORK / "base-src", WORK / "base"
    if source.exists():
        _git("worktree", "remove", "--force", str(source))
    _git("worktree", "prune")
    shutil.rmtree(artifacts, ignore_errors=True)
    _git("worktree", "add", "--detach", str(source), sha)
    try:
        with progress.step(f"building the base {ref} ({sha[:10]}) in {s.base_db}"):
            built = run_dbt(s.base, "build", progress=progress, project_dir=source, target_path=artifacts)
    finally:
        _git("worktree", "remove", "--force", str(source))
    run = _latest_snapshot_run(s.base.target_url)
    if run is None or run["refused"]:
        raise refusal(built, run)
    if run["models_failed"]:
        raise EnvironmentProblem(
            f"The base {ref} does not build ({run['models_failed']} model(s) errored or were skipped in "
            f"{s.base_db}); review against a base that builds, e.g. the branch's merge base."
        )
    _admin(
        dbs,
        sql.SQL("comment on database {} is {}").format(sql.Identifier(s.base_db), sql.Literal(_marker(sha, dbs))),
    )


def _state_manifest(s: Scratch) -> Path:
    """The base's manifest as dbt's state comparison needs it: built in another database, every
    node would count as modified (state:modified.relation); the database is the head's."""
    manifest = json.loads((WORK / "base" / "manifest.json").read_text())
    for section in ("nodes", "sources", "seeds", "snapshots"):
        for node in manifest.get(section, {}).values():
            if node.get("database") == s.base_db:
                node["database"] = s.head_db
            if node.get("relation_name"):
                node["relation_name"] = node["relation_name"].replace(f'"{s.base_db}"', f'"{s.head_db}"')
    state = WORK / "state"
    state.mkdir(parents=True, exist_ok=True)
    (state / "manifest.json").write_text(json.dumps(manifest))
    return state


# -- which models the change reaches ------------------------------------------------------------


def _macro_closure(manifest: dict[str, Any], node: dict[str, Any]) -> set[str]:
    """The project's macros a model calls, transitively, including its strategy's and its
    materialization's, which dbt leaves out of depends_on (macros/sync/definitions.sql does the
    same for the node definitions)."""
    macros = manifest["macros"]
    config = node.get("config", {})
    start = list(node.get("depends_on", {}).get("macros", []))
    strategy = config.get("incremental_strategy")
    if strategy:
        start.append(f"macro.{PACKAGE}.get_incremental_{strategy}_sql")
    start += [u for u in macros if u.startswith(f"macro.{PACKAGE}.materialization_{config.get('materialized')}_")]
    seen: set[str] = set()
    while start:
        unique_id = start.pop()
        if unique_id in seen or unique_id not in macros or not unique_id.startswith(f"macro.{PACKAGE}."):
            continue
        seen.add(unique_id)
        start.extend(macros[unique_id].get("depends_on", {}).get("macros", []))
    return seen


def affected_models(base: dict[str, Any], head: dict[str, Any], listed: set[str]) -> tuple[list[str], list[str]]:
    """The models to build and compare (dbt's state:modified+, plus the models whose macros
    changed and what depends on them), and the extra selectors that add the latter to the build."""
    changed_macros = {
        u
        for u, m in head["macros"].items()
        if u.startswith(f"macro.{PACKAGE}.") and base["macros"].get(u, {}).get("macro_sql") != m["macro_sql"]
    }
    models = {u: n for u, n in head["nodes"].items() if n["resource_type"] == "model" and n["package_name"] == PACKAGE}
    extra = sorted(u for u, n in models.items() if u not in listed and _macro_closure(head, n) & changed_macros)
    chosen = set(listed) | set(extra)
    todo = list(chosen)
    while todo:
        for child in head.get("child_map", {}).get(todo.pop(), []):
            if child in models and child not in chosen:
                chosen.add(child)
                todo.append(child)
    return sorted(chosen), [f"{models[u]['name']}+" for u in extra]


def _primary_key(manifest: dict[str, Any], node: dict[str, Any]) -> list[str]:
    declared = (node.get("config", {}).get("meta") or {}).get("primary_key")
    if declared:
        return list(declared)
    for test in manifest["nodes"].values():
        meta = test.get("test_metadata") or {}
        if test["resource_type"] == "test" and test.get("attached_node") == node["unique_id"]:
            if meta.get("name") == "primary_key":
                return list(meta["kwargs"]["columns"])
            if meta.get("name") == "unique" and meta["kwargs"].get("column_name"):
                return [meta["kwargs"]["column_name"]]
    return []


# -- what the base held: copied aside in the head database before its build ---------------------

LEDGER_COLUMNS = "source_table, legacy_id, disposition, reason_code, new_id"


def _relation(node: dict[str, Any]) -> sql.Composable:
    return sql.SQL("{}.{}").format(sql.Identifier(node["schema"]), sql.Identifier(node.get("alias") or node["name"]))


def _exists(conn: psycopg.Connection, node: dict[str, Any]) -> bool:
    name = f'"{node["schema"]}"."{node.get("alias") or node["name"]}"'
    return conn.execute("select to_regclass(%s) is not null", (name,)).fetchone()[0]


def _ledger_tables(nodes: list[dict[str, Any]]) -> list[str]:
    return sorted(
        {n["config"]["meta"]["ledger"]["source_table"] for n in nodes if (n["config"].get("meta") or {}).get("ledger")}
    )


def capture_before(conn: psycopg.Connection, nodes: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Copies the affected models, their ledger rows and the money totals into schema
    review_base; returns the DDL of each affected relation."""
    conn.execute("drop schema if exists review_base cascade")
    conn.execute("create schema review_base")
    ddl: dict[str, list[str]] = {}
    for node in nodes:
        if _exists(conn, node):
            conn.execute(
                sql.SQL("create table review_base.{} as select * from {}").format(
                    sql.Identifier(node["name"]), _relation(node)
                )
            )
            ddl[node["name"]] = relation_ddl(conn, node)
    if conn.execute("select to_regclass('migration.row_ledger') is not null").fetchone()[0]:
        conn.execute(
            f"create table review_base._ledger as select {LEDGER_COLUMNS} from migration.row_ledger "
            "where source_table = any(%s)",
            (_ledger_tables(nodes),),
        )
    if conn.execute("select to_regclass('migration.money_reconciliation') is not null").fetchone()[0]:
        conn.execute("create table review_base._money as select * from migration.money_reconciliation")
    return ddl


def relation_ddl(conn: psycopg.Connection, node: dict[str, Any]) -> list[str]:
    """What the macros, hooks and strategies made of a relation, as the catalog holds it: columns,
    constraints, indexes, triggers, row-level security, policies, grants and comments."""
    name = f'"{node["schema"]}"."{node.get("alias") or node["name"]}"'
    rows = conn.execute(
        """
        with rel as (select %s::regclass as oid)
        select 'column ' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
               || case when a.attnotnull then ' not null' else '' end
               || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
               || coalesce(' -- ' || col_description(a.attrelid, a.attnum), '')
        from pg_attribute as a join rel on a.attrelid = rel.oid
        left join pg_attrdef as d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where a.attnum > 0 and not a.attisdropped
        union all
        select 'constraint ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid)
        from pg_constraint as c join rel on c.conrelid = rel.oid
        union all
        select pg_get_indexdef(i.indexrelid) from pg_index as i join rel on i.indrelid = rel.oid
        union all
        select pg_get_triggerdef(t.oid) from pg_trigger as t join rel on t.tgrelid = rel.oid where not t.tgisinternal
        union all
        select 'row level security ' || case when c.relrowsecurity then 'enabled' else 'disabled' end
               || case when c.relforcerowsecurity then ', forced' else '' end
               || coalesce(E'\ncomment on table: ' || obj_description(c.oid, 'pg_class'), '')
        from pg_class as c join rel on c.oid = rel.oid
        union all
        select format('create policy %%I on %%s as %%s for %%s to %%s', p.polname, p.polrelid::regclass,
                      case when p.polpermissive then 'permissive' else 'restrictive' end,
                      case p.polcmd when 'r' then 'select' when 'a' then 'insert' when 'w' then 'update'
                                    when 'd' then 'delete' else 'all' end,
                      (select string_agg(case when r = 0 then 'public' else r::regrole::text end, ', ' order by 1)
                       from unnest(p.polroles) as r))
               || coalesce(E'\n    using (' || pg_get_expr(p.polqual, p.polrelid) || ')', '')
               || coalesce(E'\n    with check (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', '')
               || coalesce(E'\n    -- ' || obj_description(p.oid, 'pg_policy'), '')
        from pg_policy as p join rel on p.polrelid = rel.oid
        union all
        select format('grant %%s on %%s to %%s', string_agg(x.privilege_type, ', ' order by x.privilege_type),
                      rel.oid::regclass, case when x.grantee = 0 then 'public' else x.grantee::regrole::text end)
        from pg_class as c join rel on c.oid = rel.oid cross join lateral aclexplode(c.relacl) as x
        group by rel.oid, x.grantee
        """,
        (name,),
    ).fetchall()
    return sorted(line for (line,) in rows)


# -- the comparison -----------------------------------------------------------------------------


def _columns(conn: psycopg.Connection, schema: str, table: str) -> list[str]:
    rows = conn.execute(
        "select column_name from information_schema.columns where table_schema = %s and table_name = %s "
        "order by ordinal_position",
        (schema, table),
    ).fetchall()
    return [r[0] for r in rows]


def data_diff(conn: psycopg.Connection, node: dict[str, Any], key: list[str]) -> dict[str, Any]:
    """Rows added, removed and changed by primary key, and per column the changed rows with
    sample keys and their values before and after. Bookkeeping columns (a leading _) are left
    out: they hold run numbers."""
    table = node.get("alias") or node["name"]
    before = _columns(conn, "review_base", node["name"])
    after = _columns(conn, node["schema"], table)
    compared = [c for c in after if c in before and not c.startswith("_") and c not in key]
    result: dict[str, Any] = {
        "name": node["name"],
        "relation": f"{node['schema']}.{table}",
        "primary_key": key,
        "columns_added": [c for c in after if c not in before],
        "columns_removed": [c for c in before if c not in after],
    }
    if not before or not after:
        result.update(added=None, removed=None, changed=None, columns={}, samples={})
        return result
    if not key:  # no key: rows that differ as a whole (text of the compared columns)
        cols = sql.SQL(", ").join(sql.Identifier(c) for c in compared)
        rel = _relation(node)
        added = conn.execute(
            sql.SQL(
                "select count(*) from (select {c} from {h} except all select {c} from review_base.{b}) as x"
            ).format(c=cols, h=rel, b=sql.Identifier(node["name"]))
        ).fetchone()[0]
        removed = conn.execute(
            sql.SQL(
                "select count(*) from (select {c} from review_base.{b} except all select {c} from {h}) as x"
            ).format(c=cols, h=rel, b=sql.Identifier(node["name"]))
        ).fetchone()[0]
        result.update(
            added=added, removed=removed, changed=0, columns={}, samples={}, note="no primary key: whole rows"
        )
        return result
    label = sql.SQL("concat_ws(', ', {})").format(
        sql.SQL(", ").join(sql.SQL("coalesce(b.{c}, h.{c})::text").format(c=sql.Identifier(k)) for k in key)
    )
    if "legacy_id" in after and "legacy_id" in before and "legacy_id" not in key:
        label = sql.SQL("{} || coalesce(' (legacy_id ' || coalesce(b.legacy_id, h.legacy_id)::text || ')', '')").format(
            label
        )
    order = sql.SQL(", ").join(sql.SQL("coalesce(b.{c}, h.{c})").format(c=sql.Identifier(k)) for k in key)
    both = sql.SQL("b.__in and h.__in")
    differs = [sql.SQL("b.{c}::text is distinct from h.{c}::text").format(c=sql.Identifier(c)) for c in compared]
    parts: list[sql.Composable] = [
        sql.SQL("count(*) filter (where b.__in is null)"),
        sql.SQL("count(*) filter (where h.__in is null)"),
        sql.SQL("count(*) filter (where {} and ({}))").format(
            both, sql.SQL(" or ").join(differs) if differs else sql.SQL("false")
        ),
        sql.SQL("(array_agg(k order by {o}) filter (where b.__in is null))[1:{n}]").format(
            o=order, n=sql.Literal(SAMPLES)
        ),
        sql.SQL("(array_agg(k order by {o}) filter (where h.__in is null))[1:{n}]").format(
            o=order, n=sql.Literal(SAMPLES)
        ),
    ]
    for column, test in zip(compared, differs, strict=True):
        where = sql.SQL("{} and {}").format(both, test)
        parts += [
            sql.SQL("count(*) filter (where {})").format(where),
            sql.SQL("(array_agg(k order by {o}) filter (where {w}))[1:{n}]").format(
                o=order, w=where, n=sql.Literal(SAMPLES)
            ),
            sql.SQL("(array_agg(b.{c}::text order by {o}) filter (where {w}))[1:{n}]").format(
                c=sql.Identifier(column), o=order, w=where, n=sql.Literal(SAMPLES)
            ),
            sql.SQL("(array_agg(h.{c}::text order by {o}) filter (where {w}))[1:{n}]").format(
                c=sql.Identifier(column), o=order, w=where, n=sql.Literal(SAMPLES)
            ),
        ]
    join = sql.SQL(" and ").join(sql.SQL("b.{c} = h.{c}").format(c=sql.Identifier(k)) for k in key)
    query = sql.SQL(
        "select {parts} from (select true as __in, * from review_base.{b}) as b "
        "full join (select true as __in, * from {h}) as h on {join} cross join lateral (select {label} as k) as l"
    ).format(parts=sql.SQL(", ").join(parts), b=sql.Identifier(node["name"]), h=_relation(node), join=join, label=label)
    row = conn.execute(query).fetchone()
    columns: dict[str, int] = {}
    samples: dict[str, list[dict[str, Any]]] = {}
    for i, column in enumerate(compared):
        n, keys, old, new = row[5 + 4 * i : 9 + 4 * i]
        if n:
            columns[column] = n
            samples[column] = [{"key": k, "before": o, "after": a} for k, o, a in zip(keys, old, new, strict=True)]
    result.update(
        added=row[0],
        removed=row[1],
        changed=row[2],
        columns=columns,
        samples=samples,
        added_keys=row[3] or [],
        removed_keys=row[4] or [],
    )
    return result


def ledger_moves(conn: psycopg.Connection, tables: list[str]) -> tuple[list[dict[str, Any]], int]:
    """Per legacy table, how many legacy rows moved from one disposition (and reason) to another;
    and how many surviving legacy ids changed their UUID (must be 0)."""
    if not tables or conn.execute("select to_regclass('review_base._ledger') is null").fetchone()[0]:
        return [], 0
    label = (
        "case when {t}.disposition is null then 'absent' when {t}.disposition in ('rejected', 'excluded') "
        "then {t}.disposition || '(' || coalesce({t}.reason_code, '') || ')' else {t}.disposition end"
    )
    after = f"(select {LEDGER_COLUMNS} from migration.row_ledger where source_table = any(%(tables)s))"
    rows = conn.execute(
        f"""
        select source_table, {label.format(t="b")} as before, {label.format(t="h")} as after, count(*),
               (array_agg(legacy_id order by legacy_id))[1:{SAMPLES}]
        from review_base._ledger as b full join {after} as h using (source_table, legacy_id)
        where {label.format(t="b")} is distinct from {label.format(t="h")}
        group by 1, 2, 3
        order by 1, 4 desc, 2, 3
        """,
        {"tables": tables},
    ).fetchall()
    uuids = conn.execute(
        f"""
        select count(*) from review_base._ledger as b join {after} as h using (source_table, legacy_id)
        where b.new_id is not null and h.new_id is distinct from b.new_id
        """,
        {"tables": tables},
    ).fetchone()[0]
    moves = [
        {
            "source_table": table,
            "from": old,
            "to": new,
            "rows": n,
            "sample_legacy_ids": ids,
            "text": f"{table}: {n} {old} → {new}",
        }
        for table, old, new, n, ids in rows
    ]
    return moves, uuids


def money_changes(conn: psycopg.Connection) -> list[dict[str, Any]]:
    if conn.execute("select to_regclass('review_base._money') is null").fetchone()[0]:
        return []
    rows = conn.execute(
        """
        select coalesce(b.name, h.name), coalesce(b.currency, h.currency),
               b.migrated_total::text, h.migrated_total::text, b.rejected_total::text, h.rejected_total::text,
               h.difference::text
        from review_base._money as b full join migration.money_reconciliation as h using (name, currency)
        where b.migrated_total is distinct from h.migrated_total or b.rejected_total is distinct from h.rejected_total
        order by 1, 2
        """
    ).fetchall()
    keys = ("column", "currency", "migrated_before", "migrated_after", "not_migrated_before", "not_migrated_after")
    return [dict(zip((*keys, "difference"), row, strict=True)) for row in rows]


def tests_changed(
    conn: psycopg.Connection, base_run: int, head_run: int, base: dict[str, Any], head: dict[str, Any]
) -> list[dict[str, Any]]:
    """The tests whose result differs between the base build and the head build, the new ones
    and the removed ones."""
    rows = conn.execute(
        """
        select h.unique_id, b.status, h.status
        from migration.run_results as h
        left join migration.run_results as b on b.unique_id = h.unique_id and b.run_seq = %s
        where h.run_seq = %s and h.resource_type in ('test', 'unit_test') and b.status is distinct from h.status
        order by 1
        """,
        (base_run, head_run),
    ).fetchall()
    changed = [{"unique_id": u, "before": b, "after": h} for u, b, h in rows]
    removed = sorted(
        u for u, n in base["nodes"].items() if n["resource_type"] in ("test", "unit_test") and u not in head["nodes"]
    )
    return changed + [{"unique_id": u, "before": "present", "after": "removed"} for u in removed]


def _compiled(artifacts: Path, node: dict[str, Any]) -> str | None:
    path = artifacts / "compiled" / PACKAGE / node["original_file_path"]
    return path.read_text() if path.exists() else None


def _diff(before: list[str], after: list[str], name: str) -> str:
    return "\n".join(difflib.unified_diff(before, after, f"base/{name}", f"head/{name}", lineterm=""))


def _sql_lines(text: str | None, s: Scratch, runs: tuple[int, int]) -> list[str]:
    """Compiled SQL as lines to diff: the database's name is the head's, and the run number a
    model stamps on its rows (`<run>::bigint as _changed_seq`) is the same on both sides."""
    text = (text or "").replace(f'"{s.base_db}"', f'"{s.head_db}"')
    return re.sub(rf"\b({runs[0]}|{runs[1]})::bigint\b", "<run_seq>::bigint", text).splitlines()


def _ddl_lines(entries: list[str], s: Scratch) -> list[str]:
    """The DDL as lines to diff, the same on both sides for the same declaration: the base
    database's name (rendered into relation names and policy rules) is the head's, and the hash
    in a `legacy_migration <hash>: <rule>` comment (which covers that name) is left out."""
    text = "\n".join(entries).replace(f'"{s.base_db}"', f'"{s.head_db}"')
    return re.sub(r"legacy_migration [0-9a-f]{12}:", "legacy_migration:", text).splitlines()


# -- the whole review ---------------------------------------------------------------------------


def review(dbs: Databases, ref: str, *, keep: bool = False, progress: Progress | None = None) -> dict[str, Any]:
    progress = progress or Progress(quiet=True)
    started = time.monotonic()
    sha = resolve_base(ref)
    s = scratch(dbs)
    dbs.target.dbt_environment()
    WORK.mkdir(parents=True, exist_ok=True)
    reused = _kept_base(dbs, s, sha)
    if reused:
        progress.say(f"the base {ref} ({sha[:10]}) kept in {s.base_db} by an earlier review: reused")
    else:
        build_base(dbs, s, ref, sha, progress)
    try:
        report = _review_head(dbs, s, ref, sha, progress)
    finally:
        if not keep:
            _drop(dbs, s.head_db, s.base_db)
            shutil.rmtree(WORK, ignore_errors=True)
    report["base_reused"] = reused
    report["seconds"] = round(time.monotonic() - started, 1)
    return report


def _review_head(dbs: Databases, s: Scratch, ref: str, sha: str, progress: Progress) -> dict[str, Any]:
    with progress.step(f"copying {s.base_db} into {s.head_db}", brief=True):
        _drop(dbs, s.head_db)
        _admin(
            dbs, sql.SQL("create database {} template {}").format(sql.Identifier(s.head_db), sql.Identifier(s.base_db))
        )
    state = _state_manifest(s)
    head_dir = WORK / "head"
    with progress.step("selecting what the change reaches (state:modified+)"):
        listed = run_dbt(
            s.head,
            "ls",
            "--select",
            "state:modified+",
            "--state",
            str(state),
            "--resource-type",
            "model",
            "--output",
            "json",
            "--output-keys",
            "unique_id",
            "--vars",
            HEAD_VARS,
            progress=progress,
            target_path=head_dir,
        )
    if not listed.success:
        raise refusal(listed, None)
    base_manifest = json.loads((state / "manifest.json").read_text())
    head_manifest = json.loads((head_dir / "manifest.json").read_text())
    ids = {json.loads(line)["unique_id"] for line in listed.result.result or []}
    chosen, extra = affected_models(base_manifest, head_manifest, ids)
    nodes = [head_manifest["nodes"][u] for u in chosen]
    report: dict[str, Any] = {
        "base": ref,
        "base_commit": sha,
        "head": "working tree",
        "affected_models": [n["name"] for n in nodes],
        "models": [],
        "ledger_moves": [],
        "uuid_changes": 0,
        "tests_changed": [],
        "money_changes": [],
        "unexplained_rows": 0,
        "models_removed": sorted(
            n["name"]
            for u, n in base_manifest["nodes"].items()
            if n["resource_type"] == "model" and u not in head_manifest["nodes"]
        ),
    }
    base_run = _latest_snapshot_run(s.head.target_url)
    report["snapshot_run"] = base_run["run_seq"] if base_run else None
    if not nodes:
        progress.say("no model of the working tree differs from the base: nothing to build")
        return _verdict(report)
    progress.say(
        f"{len(nodes)} model(s) reached: {', '.join(n['name'] for n in nodes[:8])}{' ...' if len(nodes) > 8 else ''}"
    )
    with connect(s.head.target_url, "target", autocommit=True) as conn, progress.step("copying the base's rows aside"):
        ddl_before = capture_before(conn, nodes)
    with progress.step(f"building the working tree in {s.head_db} on the base's snapshot"):
        built = run_dbt(
            s.head,
            "build",
            "--select",
            "state:modified+",
            *extra,
            "--state",
            str(state),
            "--vars",
            HEAD_VARS,
            progress=progress,
            target_path=head_dir,
        )
    head_run = _latest_snapshot_run(s.head.target_url)
    if head_run is None or base_run is None or head_run["run_seq"] == base_run["run_seq"] or head_run["refused"]:
        raise refusal(built, head_run)
    report["head_run"] = head_run["run_seq"]
    report["head_models_failed"] = head_run["models_failed"]
    with connect(s.head.target_url, "target", autocommit=True) as conn, progress.step("comparing", brief=True):
        for node in nodes:
            entry = (
                data_diff(conn, node, _primary_key(head_manifest, node))
                if _exists(conn, node)
                else {
                    "name": node["name"],
                    "added": None,
                    "removed": None,
                    "changed": None,
                    "columns": {},
                    "samples": {},
                }
            )
            before_sql = _compiled(WORK / "base", node)
            after_sql = _compiled(head_dir, node)
            runs = (base_run["run_seq"], head_run["run_seq"])
            entry["sql_diff"] = _diff(
                _sql_lines(before_sql, s, runs), _sql_lines(after_sql, s, runs), node["original_file_path"]
            )
            ddl_after = relation_ddl(conn, node) if _exists(conn, node) else []
            entry["ddl_diff"] = _diff(
                _ddl_lines(ddl_before.get(node["name"], []), s), _ddl_lines(ddl_after, s), f"{node['name']} (catalog)"
            )
            entry["data_change"] = bool(
                entry.get("added")
                or entry.get("removed")
                or entry.get("changed")
                or entry.get("columns_added")
                or entry.get("columns_removed")
            )
            report["models"].append(entry)
        report["ledger_moves"], report["uuid_changes"] = ledger_moves(conn, _ledger_tables(nodes))
        report["money_changes"] = money_changes(conn)
        report["tests_changed"] = tests_changed(
            conn, base_run["run_seq"], head_run["run_seq"], base_manifest, head_manifest
        )
        report["unexplained_rows"] = int(
            conn.execute("select coalesce(sum(unexplained_rows), 0) from migration.reconciliation").fetchone()[0]
        )
    return _verdict(report)


FAILING = ("fail", "error", "skipped")


def _verdict(report: dict[str, Any]) -> dict[str, Any]:
    report["data_change"] = bool(
        any(m.get("data_change") for m in report["models"]) or report["ledger_moves"] or report["money_changes"]
    )
    report["tests_newly_failing"] = [
        t["unique_id"] for t in report["tests_changed"] if t["after"] in FAILING and t["before"] not in FAILING
    ]
    problems = []
    if report["uuid_changes"]:
        problems.append(f"{report['uuid_changes']} surviving legacy id(s) changed UUID")
    if report["unexplained_rows"]:
        problems.append(f"{report['unexplained_rows']} legacy row(s) unexplained")
    if report.get("head_models_failed"):
        problems.append(f"{report['head_models_failed']} model(s) errored or were skipped")
    if report["tests_newly_failing"]:
        problems.append(f"{len(report['tests_newly_failing'])} test(s) newly failing")
    report["problems"] = problems
    report["status"] = "failed" if problems else "ok"
    return report
