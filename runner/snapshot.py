"""The legacy snapshot: the only reader of the foreign tables (see docs/sync.md).

Every statement here is set-based SQL run by the target server; no legacy row passes through
Python. The caller runs `sync_snapshot` inside one target transaction, so every foreign scan sees
the same REPEATABLE READ snapshot of the legacy database and a failure leaves the snapshot as the
previous sync left it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import psycopg
from psycopg import Connection, sql

from runner.attach import FOREIGN_SCHEMA, ROWCOUNT_SCHEMA
from runner.progress import Progress

SCHEMA = "legacy_snapshot"
BUCKET_BITS = 6  # ids per bucket of the id-set comparison: 64
# rows changed inside this window before the last sync are read again (transactions commit out of
# order); a naive timestamp gets an extra hour for the DST change
LOOK_BACK = "1 hour"
LOOK_BACK_NAIVE = "2 hours"
META_COLUMNS = ("_row_hash", "_synced_seq", "_json_invalid", "_card_masked")
# a row's classification depends on the clock: its id counts as changed once the instant passes
TIME_TRIGGERS = {"dispatch_offer": "valid_to"}
CARD_PREFILTER = "[0-9](?:[ -]?[0-9]){12}"


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    json_columns: frozenset[str]
    uniques: tuple[tuple[str, ...], ...] = ()

    @property
    def text_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.data_type == "text" or c.data_type.startswith("character")]

    @property
    def modified(self) -> Column | None:
        return next((c for c in self.columns if c.name == "modified"), None)

    @property
    def fingerprint(self) -> str:
        text = ",".join(f"{c.name} {c.data_type}" for c in self.columns) + "|" + ",".join(sorted(self.json_columns))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class TableResult:
    name: str
    legacy_rows: int = 0
    read_rows: int = 0
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    card_numbers_masked: int = 0
    full_copy: bool = False
    max_modified: str | None = None
    fingerprint: str = ""

    @property
    def changed(self) -> bool:
        return self.full_copy or bool(self.inserted or self.updated or self.deleted)


@dataclass
class SyncResult:
    tables: dict[str, TableResult] = field(default_factory=dict)

    @property
    def changed_tables(self) -> list[str]:
        return sorted(name for name, t in self.tables.items() if t.changed)

    @property
    def legacy_fingerprint(self) -> str:
        digest = hashlib.sha256()
        for name in sorted(self.tables):
            digest.update(f"{name}:{self.tables[name].fingerprint}".encode())
        return digest.hexdigest()[:16]


def hash_expression(column: Column, alias: str = "") -> sql.Composable:
    """An int8 hash of one column that postgres_fdw can push down (built-in immutable functions
    only) and that the target computes identically over the snapshot."""
    ref = (
        sql.SQL("{}.{}").format(sql.Identifier(alias), sql.Identifier(column.name))
        if alias
        else sql.Identifier(column.name)
    )
    t = column.data_type
    templates: list[tuple[Callable[[str], bool], str]] = [
        (lambda t: t == "integer", "hashint4extended({}, 0)"),
        (lambda t: t == "bigint", "hashint8extended({}, 0)"),
        (lambda t: t == "smallint", "hashint2extended({}, 0)"),
        (lambda t: t == "boolean", "hashint4extended({}::integer, 0)"),
        (lambda t: t == "text" or t.startswith("character varying"), "hashtextextended({}::text, 0)"),
        (lambda t: t.startswith("character"), "hashbpcharextended({}, 0)"),
        (lambda t: t.startswith("numeric"), "hash_numeric_extended({}, 0)"),
        (lambda t: t == "double precision", "hashfloat8extended({}, 0)"),
        (lambda t: t == "real", "hashfloat4extended({}, 0)"),
        (lambda t: t == "date", "hashint4extended({} - '2000-01-01'::date, 0)"),
        (
            lambda t: t == "timestamp with time zone",
            "interval_hash_extended({} - '2000-01-01 00:00:00+00'::timestamptz, 0)",
        ),
        (lambda t: t == "timestamp without time zone", "timestamp_hash_extended({}, 0)"),
        (lambda t: t == "interval", "interval_hash_extended({}, 0)"),
        (lambda t: t == "inet", "hashinetextended({}, 0)"),
        (lambda t: t == "jsonb", "jsonb_hash_extended({}, 0)"),
        (lambda t: t == "uuid", "uuid_hash_extended({}, 0)"),
    ]
    for matches, template in templates:
        if matches(t):
            return sql.SQL(template).format(ref)
    raise ValueError(f"no row-hash expression for type {t} ({column.name})")


def row_hash(table: Table, alias: str = "") -> sql.Composable:
    return sql.SQL("hash_array_extended(array[{}]::bigint[], 0)").format(
        sql.SQL(", ").join(hash_expression(c, alias) for c in table.columns)
    )


def _q(schema: str, name: str) -> sql.Composable:
    return sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier(name))


def foreign_tables(
    conn: Connection,
    names: list[str],
    json_columns: dict[str, set[str]],
    uniques: dict[str, list[tuple[str, ...]]] | None = None,
) -> list[Table]:
    """The columns of each foreign table as the target sees them (secret columns dropped)."""
    rows = conn.execute(
        """
        select c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
        from pg_class as c
        inner join pg_attribute as a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where c.relnamespace = %s::regnamespace and c.relname = any(%s)
        order by c.relname, a.attnum
        """,
        (FOREIGN_SCHEMA, names),
    ).fetchall()
    columns: dict[str, list[Column]] = {}
    for table, column, data_type in rows:
        columns.setdefault(table, []).append(Column(column, data_type))
    return [
        Table(name, tuple(columns[name]), frozenset(json_columns.get(name, ())), tuple((uniques or {}).get(name, ())))
        for name in names
    ]


def _processed_select(table: Table, source: sql.Composable, seq: int) -> sql.Composable:
    """The snapshot row of a fetched legacy row: card numbers masked (the prefilter runs once per
    value), the row hash of the legacy values kept; JSON validity is recorded afterwards
    (_validate_json)."""
    texts = set(table.text_columns)
    inner = sql.SQL(", ").join(
        sql.SQL(
            "case when octet_length({c}) >= 13 and {c} ~ {pf} then migration.mask_card_numbers({c}) "
            "else {c} end as {c}, "
            "{c} as {raw}"
        ).format(c=sql.Identifier(c.name), pf=sql.Literal(CARD_PREFILTER), raw=sql.Identifier(f"_raw_{c.name}"))
        if c.name in texts
        else sql.Identifier(c.name)
        for c in table.columns
    )
    flags = [
        sql.SQL("case when p.{c} is distinct from p.{raw} then {n} end").format(
            c=sql.Identifier(name), raw=sql.Identifier(f"_raw_{name}"), n=sql.Literal(name)
        )
        for name in table.text_columns
    ]
    return sql.SQL(
        "select {cols}, p._row_hash, {seq}::bigint, '{{}}'::text[], array_remove(array[{flags}]::text[], null) "
        "from (select {inner}, _row_hash from {src}) as p"
    ).format(
        cols=sql.SQL(", ").join(sql.SQL("p.{}").format(sql.Identifier(c.name)) for c in table.columns),
        seq=sql.Literal(seq),
        flags=sql.SQL(", ").join(flags) if flags else sql.SQL("null"),
        inner=inner,
        src=source,
    )


# text that may not be JSON: not starting and ending with a bracket (empty, truncated, a bare
# value), or holding a single quote (pre-2017 rows stored Python's str(dict)). Every other value
# is checked in one statement; only if that finds one that does not parse after all is every row
# checked one by one.
JSON_SUSPECT = "left({c}, 1) not in ('{{', '[') or right({c}, 1) not in ('}}', ']') or strpos({c}, '''') > 0"


def _validate_json(conn: Connection, table: Table, seq: int) -> None:
    """_json_invalid of the rows this sync wrote: the text-JSON columns that do not parse."""
    snap = _q(SCHEMA, table.name)
    for name in sorted(table.json_columns):
        c = sql.Identifier(name)
        suspect = sql.SQL(JSON_SUSPECT).format(c=c)
        flag = sql.SQL(
            "update {s} set _json_invalid = array_append(_json_invalid, {n}) where _synced_seq = %s "
            "and ({cand}) and btrim({c}) <> '' and migration.try_jsonb({c}) is null"
        )
        conn.execute(flag.format(s=snap, n=sql.Literal(name), c=c, cand=suspect), (seq,))
        bulk = sql.SQL("select count({c}::json) from {s} where _synced_seq = %s and {c} <> '' and not ({sus})").format(
            c=c, s=snap, sus=suspect
        )
        try:
            with conn.transaction():
                conn.execute(bulk, (seq,))
        except psycopg.errors.InvalidTextRepresentation:
            conn.execute(
                flag.format(s=snap, n=sql.Literal(name), c=c, cand=sql.SQL("not ({})").format(suspect)), (seq,)
            )


def _column_list(table: Table) -> sql.Composable:
    return sql.SQL(", ").join(sql.Identifier(n) for n in [*(c.name for c in table.columns), *META_COLUMNS])


def _create(conn: Connection, table: Table) -> None:
    target = _q(SCHEMA, table.name)
    conn.execute(sql.SQL("drop table if exists {} cascade").format(target))
    conn.execute(
        sql.SQL(
            "create unlogged table {} (like {} including defaults, "
            "_row_hash bigint not null, _synced_seq bigint not null, "
            "_json_invalid text[] not null, _card_masked text[] not null)"
        ).format(target, _q(FOREIGN_SCHEMA, table.name))
    )


def _unique_keys(conn: Connection, table: Table) -> None:
    """The legacy table's unique constraints on the snapshot too (deferrable: rows may swap a key
    within one statement), so that a key that moved without every row showing it in `modified`
    cannot go unnoticed: the write fails and the sync compares every row of the table instead."""
    target = _q(SCHEMA, table.name)
    existing = conn.execute(
        "select count(*) from pg_constraint where conrelid = %s::regclass and contype = 'u'",
        (f"{SCHEMA}.{table.name}",),
    ).fetchone()[0]
    if existing >= len(table.uniques):
        return
    for columns in table.uniques:
        conn.execute(
            sql.SQL("alter table {} add unique ({}) deferrable initially immediate").format(
                target, sql.SQL(", ").join(sql.Identifier(c) for c in columns)
            )
        )


def _index(conn: Connection, table: Table) -> None:
    target = _q(SCHEMA, table.name)
    conn.execute(sql.SQL("alter table {} add primary key (id)").format(target))
    _unique_keys(conn, table)
    for column in table.columns:
        if column.name != "id" and (column.name.endswith("_id") or column.name == "parent_id"):
            conn.execute(sql.SQL("create index on {} ({})").format(target, sql.Identifier(column.name)))


def _full_copy(conn: Connection, table: Table, seq: int, result: TableResult) -> None:
    _create(conn, table)
    source = sql.SQL("(select *, {h} as _row_hash from {f}) as raw").format(
        h=row_hash(table), f=_q(FOREIGN_SCHEMA, table.name)
    )
    cur = conn.execute(
        sql.SQL("insert into {} ({}) {}").format(
            _q(SCHEMA, table.name), _column_list(table), _processed_select(table, source, seq)
        )
    )
    result.read_rows = result.inserted = cur.rowcount
    result.full_copy = True
    if table.modified:
        result.max_modified = conn.execute(
            sql.SQL("select max(modified)::text from {}").format(_q(SCHEMA, table.name))
        ).fetchone()[0]
    _validate_json(conn, table, seq)
    _index(conn, table)
    _buckets_from_snapshot(conn, table)
    conn.execute(
        "insert into migration.legacy_changes (run_seq, source_table, legacy_id, op) values (%s, %s, null, '*')",
        (seq, table.name),
    )


def _temp(conn: Connection, name: str, query: sql.Composable, params: tuple[object, ...] = ()) -> int:
    conn.execute(sql.SQL("drop table if exists {}").format(sql.Identifier(name)))
    cur = conn.execute(sql.SQL("create temp table {} on commit drop as {}").format(sql.Identifier(name), query), params)
    # autovacuum never sees temp tables: without statistics the planner guesses their size
    conn.execute(sql.SQL("analyze {}").format(sql.Identifier(name)))
    return cur.rowcount


def _changed_ids_by_hash(conn: Connection, table: Table) -> None:
    """_sync_want (new or changed ids) and _sync_gone (deleted ids) from a per-row hash computed by
    the legacy server: 16 bytes a row cross the wire, never the row."""
    snap, foreign = _q(SCHEMA, table.name), _q(FOREIGN_SCHEMA, table.name)
    _temp(
        conn,
        "_sync_remote",
        sql.SQL("select id::bigint as id, min({h}) as h from {f} group by id").format(h=row_hash(table), f=foreign),
    )
    conn.execute("create index on _sync_remote (id)")
    _temp(
        conn,
        "_sync_want",
        sql.SQL(
            "select r.id from _sync_remote as r left join {s} as s on s.id = r.id "
            "where s.id is null or s._row_hash <> r.h"
        ).format(s=snap),
    )
    _temp(
        conn,
        "_sync_gone",
        sql.SQL(
            "select s.id::bigint as id from {s} as s where not exists (select from _sync_remote as r where r.id = s.id)"
        ).format(s=snap),
    )


# one bucket of the snapshot, as migration.sync_buckets keeps it: the id-set figures (n, s, h) that
# _changed_ids_by_bucket compares with the legacy side's, and the content figure r
BUCKET_AGGREGATES = sql.SQL(
    "count(*) as n, sum(s.id::bigint) as s, sum(hashint8extended(s.id::bigint, 0)) as h, sum(s._row_hash::numeric) as r"
)


def _buckets_from_snapshot(conn: Connection, table: Table, touched: sql.Composable | None = None) -> None:
    """migration.sync_buckets of the table (per bucket of ids: count, sum and hash of the ids),
    recomputed from the snapshot: every bucket, or those of a temp table of bucket numbers. The sum
    of the row hashes (r) makes the buckets a content fingerprint of the table too."""
    snap = _q(SCHEMA, table.name)
    bits = sql.Literal(BUCKET_BITS)
    if touched is None:
        conn.execute("delete from migration.sync_buckets where source_table = %s", (table.name,))
    else:
        conn.execute(
            sql.SQL("delete from migration.sync_buckets where source_table = %s and b in (select b from {})").format(
                touched
            ),
            (table.name,),
        )
        # one index range scan per touched bucket (lateral): a range join the planner would
        # otherwise run as a nested loop over every snapshot row times every touched bucket
        conn.execute(
            sql.SQL(
                "insert into migration.sync_buckets (source_table, b, n, s, h, r) "
                "select %s, t.b, a.n, a.s, a.h, a.r from {t} as t cross join lateral ("
                "select {aggregates} from {snap} as s "
                "where s.id between t.b << {bits} and ((t.b + 1) << {bits}) - 1) as a where a.n > 0"
            ).format(t=touched, snap=snap, bits=bits, aggregates=BUCKET_AGGREGATES),
            (table.name,),
        )
        return
    conn.execute(
        sql.SQL(
            "insert into migration.sync_buckets (source_table, b, n, s, h, r) "
            "select %s, (s.id::bigint >> {bits}), {aggregates} from {snap} as s group by 2"
        ).format(bits=bits, snap=snap, aggregates=BUCKET_AGGREGATES),
        (table.name,),
    )


def _changed_ids_by_bucket(conn: Connection, table: Table) -> None:
    """_sync_want (ids the snapshot lacks) and _sync_gone (ids the legacy table lost), from
    per-bucket count, sum and hash of the ids: the legacy server aggregates its side, the
    snapshot's side is kept in migration.sync_buckets, and only the ids of buckets that differ
    cross the wire."""
    snap, foreign = _q(SCHEMA, table.name), _q(FOREIGN_SCHEMA, table.name)
    bits = sql.Literal(BUCKET_BITS)
    _temp(
        conn,
        "_sync_rb",
        sql.SQL(
            "select (id::bigint >> {bits}) as b, count(*) as n, sum(id::bigint) as s, "
            "sum(hashint8extended(id::bigint, 0)) as h from {t} group by 1"
        ).format(bits=bits, t=foreign),
    )
    _temp(
        conn,
        "_sync_db",
        sql.SQL(
            "select coalesce(r.b, l.b) as b from _sync_rb as r "
            "full join (select b, n, s, h from migration.sync_buckets where source_table = %s) as l on l.b = r.b "
            "where (r.n, r.s, r.h) is distinct from (l.n, l.s, l.h)"
        ),
        (table.name,),
    )
    _temp(
        conn,
        "_sync_rid",
        sql.SQL(
            "select id::bigint as id from {f} "
            "where (id::bigint >> {bits}) = any((select array_agg(b) from _sync_db)::bigint[])"
        ).format(f=foreign, bits=bits),
    )
    _temp(
        conn,
        "_sync_want",
        sql.SQL("select r.id from _sync_rid as r where not exists (select from {s} as s where s.id = r.id)").format(
            s=snap
        ),
    )
    _temp(
        conn,
        "_sync_gone",
        sql.SQL(
            "select s.id from _sync_db as d cross join lateral ("
            "select s.id::bigint as id from {s} as s where s.id between d.b << {bits} and ((d.b + 1) << {bits}) - 1"
            ") as s where not exists (select from _sync_rid as r where r.id = s.id)"
        ).format(s=snap, bits=bits),
    )


def _watermark_filter(conn: Connection, table: Table, watermark: str | None) -> sql.Composable:
    """modified > (watermark - look-back), as a constant postgres_fdw can push down."""
    modified = table.modified
    if modified is None or watermark is None:
        return sql.SQL("false")
    naive = modified.data_type == "timestamp without time zone"
    kind = "timestamp" if naive else "timestamptz"
    since = conn.execute(
        sql.SQL("select ({}::{} - {}::interval)::text").format(
            sql.Literal(watermark), sql.SQL(kind), sql.Literal(LOOK_BACK_NAIVE if naive else LOOK_BACK)
        )
    ).fetchone()[0]
    return sql.SQL("modified > {}::{}").format(sql.Literal(since), sql.SQL(kind))


def _incremental(
    conn: Connection, table: Table, seq: int, watermark: str | None, full_compare: bool, result: TableResult
) -> None:
    snap, foreign = _q(SCHEMA, table.name), _q(FOREIGN_SCHEMA, table.name)
    by_hash = full_compare or table.modified is None
    if by_hash:
        _changed_ids_by_hash(conn, table)
        recent = sql.SQL("false")
    else:
        _changed_ids_by_bucket(conn, table)
        recent = _watermark_filter(conn, table, watermark)
    # rows gone from legacy leave first: a new row may carry a unique key a deleted one held
    cur = conn.execute(
        sql.SQL(
            "with gone as (delete from {s} as s using _sync_gone as g where s.id = g.id returning s.id) "
            "insert into migration.legacy_changes (run_seq, source_table, legacy_id, op) "
            "select %s, %s, id, 'd' from gone"
        ).format(s=snap),
        (seq, table.name),
    )
    result.deleted = cur.rowcount
    result.read_rows = _temp(
        conn,
        "_sync_fetched",
        sql.SQL(
            "select *, {h} as _row_hash from {f} "
            "where id = any((select array_agg(id) from _sync_want)::bigint[]) or {recent}"
        ).format(h=row_hash(table), f=foreign, recent=recent),
    )
    _temp(
        conn,
        "_sync_apply",
        sql.SQL(
            "select f.*, s.id is null as is_new from _sync_fetched as f left join {s} as s on s.id = f.id "
            "where s.id is null or s._row_hash <> f._row_hash"
        ).format(s=snap),
    )
    conn.execute(
        "insert into migration.legacy_changes (run_seq, source_table, legacy_id, op) "
        "select %s, %s, id, case when is_new then 'i' else 'u' end from _sync_apply",
        (seq, table.name),
    )
    counts = conn.execute(
        "select count(*) filter (where is_new), count(*) filter (where not is_new) from _sync_apply"
    ).fetchone()
    result.inserted, result.updated = counts
    updates = sql.SQL(", ").join(
        sql.SQL("{c} = excluded.{c}").format(c=sql.Identifier(n))
        for n in [*(c.name for c in table.columns), *META_COLUMNS]
    )
    conn.execute(
        sql.SQL("insert into {s} ({cols}) {select} on conflict (id) do update set {updates}").format(
            s=snap,
            cols=_column_list(table),
            select=_processed_select(table, sql.SQL("_sync_apply"), seq),
            updates=updates,
        )
    )
    if result.inserted or result.updated:
        _validate_json(conn, table, seq)
    if result.inserted or result.updated or result.deleted:
        _temp(
            conn,
            "_sync_touched",
            sql.SQL(
                "select distinct id >> {bits} as b from (select id from _sync_apply "
                "union all select id from _sync_gone) as changed"
            ).format(bits=sql.Literal(BUCKET_BITS)),
        )
        _buckets_from_snapshot(conn, table, sql.Identifier("_sync_touched"))
        if table.modified:
            result.max_modified = conn.execute("select max(modified)::text from _sync_apply").fetchone()[0]


def _time_triggers(conn: Connection, table: Table, seq: int, previous_as_of: str | None, as_of: str) -> None:
    """Rows whose classification depends on the clock count as changed once their instant passed."""
    column = TIME_TRIGGERS.get(table.name)
    if column is None or previous_as_of is None:
        return
    conn.execute(
        sql.SQL(
            "insert into migration.legacy_changes (run_seq, source_table, legacy_id, op) "
            "select %s, %s, id, 'u' from {s} where {c} > %s::timestamptz and {c} <= %s::timestamptz"
        ).format(s=_q(SCHEMA, table.name), c=sql.Identifier(column)),
        (seq, table.name, previous_as_of, as_of),
    )


def _card_findings(conn: Connection, table: Table, seq: int) -> int:
    """Replace this table's findings for the rows this sync wrote; returns the numbers masked."""
    snap = _q(SCHEMA, table.name)
    conn.execute(
        sql.SQL(
            "delete from migration.card_findings as f where f.source_table = %s and ("
            "exists (select from {s} as s where s.id = f.legacy_id and s._synced_seq = %s) "
            "or not exists (select from {s} as s where s.id = f.legacy_id))"
        ).format(s=snap),
        (table.name, seq),
    )
    if not table.text_columns:
        return 0
    cur = conn.execute(
        sql.SQL(
            "insert into migration.card_findings (source_table, legacy_id, column_name, numbers, last4, run_seq) "
            "select %s, s.id, c.column_name, cardinality(c.found), "
            "array(select right(regexp_replace(n, '[^0-9X]', '', 'g'), 4) from unnest(c.found) as n), %s "
            "from (select * from {s} where _synced_seq = %s and cardinality(_card_masked) > 0) as s "
            "cross join lateral (values {cols}) as c (column_name, found) "
            "where c.column_name = any(s._card_masked)"
        ).format(
            s=snap,
            cols=sql.SQL(", ").join(
                sql.SQL("({n}, coalesce(migration.masked_card_numbers(s.{c}), '{{}}'))").format(
                    n=sql.Literal(c), c=sql.Identifier(c)
                )
                for c in table.text_columns
            ),
        ),
        (table.name, seq, seq),
    )
    return cur.rowcount


def _json_quarantine(conn: Connection, tables: list[Table]) -> None:
    """migration.json_quarantine: the raw text of every text-JSON value that does not parse (it
    becomes NULL in the target, with a repair), readable by the migration's role only."""
    branches = [
        sql.SQL(
            "select {name}::text as source_table, s.id::bigint as legacy_id, c.column_name, "
            "case c.column_name {cases} end as raw_text, s._synced_seq as seen_by_run "
            "from {snap} as s cross join lateral unnest(s._json_invalid) as c (column_name)"
        ).format(
            name=sql.Literal(t.name),
            cases=sql.SQL(" ").join(
                sql.SQL("when {n} then s.{c}::text").format(n=sql.Literal(c), c=sql.Identifier(c))
                for c in sorted(t.json_columns)
            ),
            snap=_q(SCHEMA, t.name),
        )
        for t in tables
        if t.json_columns
    ]
    conn.execute("drop view if exists migration.json_quarantine")
    if branches:
        conn.execute(
            sql.SQL("create view migration.json_quarantine as {}").format(sql.SQL(" union all ").join(branches))
        )


def _sync_table(
    conn: Connection,
    table: Table,
    seq: int,
    state: dict[str, tuple[str | None, str | None, int | None, str | None]],
    result: SyncResult,
    *,
    full_compare: bool,
    as_of: str,
    previous_as_of: str | None,
) -> None:
    """One snapshot table: copied whole, or brought level with the legacy table incrementally."""
    res = result.tables[table.name] = TableResult(table.name)
    exists = conn.execute("select to_regclass(%s)", (f"{SCHEMA}.{table.name}",)).fetchone()[0]
    fingerprint, watermark, rows, content = state.get(table.name, (None, None, None, None))
    known = (rows, content) if content is not None else None
    # an unlogged snapshot table comes back empty after a crash of the target server
    recopy = (
        exists is not None
        and rows
        and conn.execute(sql.SQL("select not exists (select from {})").format(_q(SCHEMA, table.name))).fetchone()[0]
    )
    if exists is not None and not (fingerprint != table.fingerprint or recopy):
        try:
            with conn.transaction():
                _unique_keys(conn, table)
        except psycopg.errors.UniqueViolation:
            recopy = True  # a snapshot from before the keys were kept, holding a moved key twice
    if exists is None or fingerprint != table.fingerprint or recopy:
        _full_copy(conn, table, seq, res)
    else:
        if not conn.execute(
            "select exists (select from migration.sync_buckets where source_table = %s)", (table.name,)
        ).fetchone()[0]:
            _buckets_from_snapshot(conn, table)  # a snapshot made before the buckets were kept
        try:
            with conn.transaction():
                _incremental(conn, table, seq, watermark, full_compare, res)
        except psycopg.errors.UniqueViolation:
            # a unique key moved to another row whose change `modified` did not show: every row
            res = result.tables[table.name] = TableResult(table.name)
            _incremental(conn, table, seq, watermark, True, res)
        _time_triggers(conn, table, seq, previous_as_of, as_of)
    if res.changed:
        res.card_numbers_masked = _card_findings(conn, table, seq)
    snap = _q(SCHEMA, table.name)
    if res.changed or known is None:
        # count and content fingerprint from the buckets, the watermark from the rows this sync wrote
        rows, content = conn.execute(
            "select coalesce(sum(n), 0), concat_ws(':', coalesce(sum(n), 0), sum(s), sum(h), sum(r)) "
            "from migration.sync_buckets where source_table = %s",
            (table.name,),
        ).fetchone()
        if res.max_modified is not None:
            kind = sql.SQL("timestamp" if table.modified and "without" in table.modified.data_type else "timestamptz")
            watermark = conn.execute(
                sql.SQL("select greatest(%s::{k}, %s::{k})::text").format(k=kind),
                (None if res.full_copy else watermark, res.max_modified),
            ).fetchone()[0]
    else:  # nothing changed: the figures of the last sync still hold
        rows, content = known
    res.legacy_rows, res.fingerprint = rows, content
    conn.execute(
        "insert into migration.sync_tables "
        "(source_table, snapshot, columns_fingerprint, watermark, legacy_rows, content_fingerprint, last_run_seq) "
        "values (%s, true, %s, %s, %s, %s, %s) on conflict (source_table) do update set snapshot = true, "
        "columns_fingerprint = excluded.columns_fingerprint, watermark = excluded.watermark, "
        "legacy_rows = excluded.legacy_rows, content_fingerprint = excluded.content_fingerprint, "
        "last_run_seq = excluded.last_run_seq",
        (table.name, table.fingerprint, watermark, rows, content, seq),
    )
    if res.changed:
        conn.execute(sql.SQL("analyze {}").format(snap))


def sync_snapshot(
    conn: Connection,
    tables: list[Table],
    counted_only: list[str],
    seq: int,
    *,
    full_compare: bool,
    as_of: str,
    progress: Progress,
) -> SyncResult:
    """Bring every snapshot table level with the legacy database; count the others."""
    result = SyncResult()
    state = {
        row[0]: row[1:]
        for row in conn.execute(
            "select source_table, columns_fingerprint, watermark, legacy_rows, content_fingerprint "
            "from migration.sync_tables"
        )
    }
    previous_as_of = conn.execute(
        "select max(started_at)::text from migration.runs where status = 'ok' and run_seq < %s", (seq,)
    ).fetchone()[0]
    for table in tables:
        with progress.step(f"snapshot {table.name}", brief=True):
            _sync_table(
                conn, table, seq, state, result, full_compare=full_compare, as_of=as_of, previous_as_of=previous_as_of
            )
    _json_quarantine(conn, tables)
    for name in counted_only:
        rows = conn.execute(sql.SQL("select count(*) from {}").format(_q(ROWCOUNT_SCHEMA, name))).fetchone()[0]
        result.tables[name] = TableResult(name, legacy_rows=rows, fingerprint=str(rows))
        conn.execute(
            "insert into migration.sync_tables (source_table, snapshot, legacy_rows, last_run_seq) "
            "values (%s, false, %s, %s) "
            "on conflict (source_table) do update set snapshot = false, legacy_rows = excluded.legacy_rows, "
            "last_run_seq = excluded.last_run_seq",
            (name, rows, seq),
        )
        conn.execute(sql.SQL("drop table if exists {}").format(_q(SCHEMA, name)))
    return result
