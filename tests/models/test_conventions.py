"""The project's dbt conventions (docs/conventions.md), checked on the manifest of the built target
and, where a declaration stands for something in the database, on the database itself."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.support import ROOT, query, run_cli

DOMAINS = ("core", "clinical", "orders", "communication", "workflow", "commerce")
BOILERPLATE = re.compile(r"legacy column", re.IGNORECASE)


@pytest.fixture(scope="module")
def manifest(docs: tuple[dict, dict]) -> dict:
    return docs[0]


def models(manifest: dict) -> list[dict]:
    return [n for n in manifest["nodes"].values() if n["resource_type"] == "model"]


def folder_domain(node: dict) -> str | None:
    """The domain of a model in a domain folder (models/intermediate/<domain>, models/marts/<domain>)."""
    parts = Path(node["original_file_path"]).parts
    if parts[1] in ("intermediate", "marts") and parts[2] in DOMAINS:
        return parts[2]
    return None


# --- sources ----------------------------------------------------------------------------------


def test_every_source_column_has_a_real_description(manifest):
    columns = [
        (source["name"], name, column["description"])
        for source in manifest["sources"].values()
        for name, column in source["columns"].items()
    ]
    assert len(columns) >= 527
    poor = [f"{t}.{c}: {d!r}" for t, c, d in columns if BOILERPLATE.search(d) or len(d.strip()) < 30]
    assert poor == []
    # specific, not one sentence pasted everywhere: most columns say something of their own
    assert len({d for _, _, d in columns}) > 0.8 * len(columns)


def test_source_columns_carry_the_legacy_codes(manifest):
    """The codes of the legacy README are in the descriptions of the code columns."""
    sources = {s["name"]: s for s in manifest["sources"].values()}

    def description(table: str, column: str) -> str:
        return sources[table]["columns"][column]["description"]

    assert "12 = completed" in description("dispatch_instruction", "status")
    assert "1 = male, 2 = female" in description("dispatch_patient", "sex")
    assert "cents" in description("dispatch_operation", "amount")
    assert "America/New_York" in description("dispatch_payment", "paid_at")
    assert "Unenforced" in description("dispatch_task", "instruction_id")


def test_sources_with_modified_declare_freshness(manifest, built):
    """Every snapshot table with a `modified` column (read from the database, not the YAML)
    declares freshness on it."""
    with_modified = {
        r[0]
        for r in query(
            built.target_url,
            "select table_name from information_schema.columns"
            " where table_schema = 'legacy_snapshot' and column_name = 'modified'",
        )
    }
    assert len(with_modified) >= 20
    sources = {s["name"]: s for s in manifest["sources"].values()}
    missing = []
    for table in sorted(with_modified & set(sources)):
        source = sources[table]
        freshness = source.get("freshness") or {}
        warn = (freshness.get("warn_after") or {}).get("count")
        if source.get("loaded_at_field") != "modified" or not warn:
            missing.append(table)
    assert missing == []
    assert with_modified <= set(sources)
    # the busy tables also fail when the snapshot is a week old
    assert sources["dispatch_instruction"]["freshness"]["error_after"]["count"]


# --- primary keys -----------------------------------------------------------------------------


def primary_key_tests(manifest: dict) -> dict[str, list[str]]:
    found = {}
    for node in manifest["nodes"].values():
        meta = node.get("test_metadata") or {}
        if node["resource_type"] == "test" and meta.get("name") == "primary_key":
            columns = meta["kwargs"]["columns"]
            found[node["attached_node"]] = [columns] if isinstance(columns, str) else list(columns)
    return found


def constrained_key(node: dict) -> list[str]:
    """The primary key of an enforced contract (model-level or column-level constraint), or of a
    snapshot table (the sync gives it the legacy table's primary key)."""
    if node["config"]["materialized"] == "legacy_snapshot":
        return node["config"]["meta"].get("primary_key", [])
    if not node["config"]["contract"]["enforced"]:
        return []
    for constraint in node.get("constraints", []):
        if constraint["type"] == "primary_key":
            return list(constraint["columns"])
    return [
        name
        for name, column in node["columns"].items()
        if any(c["type"] == "primary_key" for c in column.get("constraints", []))
    ]


def test_every_model_has_a_primary_key_test_or_constraint(manifest):
    tests = primary_key_tests(manifest)
    problems = []
    for node in models(manifest):
        key = node["config"]["meta"].get("primary_key")
        if not key:
            problems.append(f"{node['name']}: no meta.primary_key")
        elif node["unique_id"] in tests:
            if tests[node["unique_id"]] != key:
                problems.append(f"{node['name']}: tested {tests[node['unique_id']]}, meta says {key}")
        elif constrained_key(node) != key:
            problems.append(f"{node['name']}: neither a primary_key test nor an enforced primary key on {key}")
    assert problems == []
    # the staging and intermediate models are tested, the contract-enforced ones constrained
    assert len(tests) >= 90


def test_constrained_primary_keys_exist_in_the_database(manifest, built):
    """The equivalence holds only if the database really has the PRIMARY KEY the contract declares."""
    rows = query(
        built.target_url,
        """
        select n.nspname, c.relname, array_agg(a.attname::text order by a.attname)
        from pg_constraint as k
        inner join pg_class as c on k.conrelid = c.oid
        inner join pg_namespace as n on c.relnamespace = n.oid
        inner join pg_attribute as a on a.attrelid = c.oid and a.attnum = any(k.conkey)
        where k.contype = 'p'
        group by n.nspname, c.relname
        """,
    )
    keys = {(schema, table): sorted(columns) for schema, table, columns in rows}
    tests = primary_key_tests(manifest)
    missing = [
        node["name"]
        for node in models(manifest)
        if node["unique_id"] not in tests
        and keys.get((node["schema"], node["alias"])) != sorted(node["config"]["meta"]["primary_key"])
    ]
    assert missing == []


def test_the_primary_key_test_finds_duplicates_and_nulls():
    sql = "{{ test_primary_key(model='(values (1, 1), (1, 1), (null, 2), (2, 2)) as t (a, b)', columns=['a', 'b']) }}"
    result = run_cli("dbt", "--quiet", "compile", "--output", "json", "--inline", sql)
    assert result.returncode == 0, result.stdout[-2000:]
    compiled = json.loads(result.stdout[result.stdout.index("{") :])["compiled"]
    from runner.settings import TARGET_DB, embedded_url

    failing = query(embedded_url(TARGET_DB), compiled)
    assert sorted(failing, key=str) == sorted([(1, 1, 2), (None, 2, 1)], key=str)


# --- domains ----------------------------------------------------------------------------------


def test_every_model_has_exactly_one_domain_tag(manifest):
    problems = []
    for node in models(manifest):
        domains = [t for t in node["config"]["tags"] if t in DOMAINS]
        if len(domains) != 1:
            problems.append(f"{node['name']}: {domains}")
        elif folder_domain(node) and domains[0] != folder_domain(node):
            problems.append(f"{node['name']}: tag {domains[0]} in folder {folder_domain(node)}")
    assert problems == []


def test_staging_and_mappings_are_tagged_with_a_domain_they_feed(manifest):
    """A model outside the domain folders (staging, mappings) feeds a model of its own domain."""
    nodes = {n["unique_id"]: n for n in models(manifest)}
    problems = []
    for node in nodes.values():
        if folder_domain(node):
            continue
        tag = next(t for t in node["config"]["tags"] if t in DOMAINS)
        seen, frontier, fed = set(), [node["unique_id"]], set()
        while frontier:
            children = [c for u in frontier for c in manifest["child_map"].get(u, []) if c in nodes]
            frontier = [c for c in children if c not in seen]
            seen.update(frontier)
            fed.update(folder_domain(nodes[c]) for c in frontier if folder_domain(nodes[c]))
        if tag not in fed:
            problems.append(f"{node['name']}: tagged {tag}, feeds {sorted(fed)}")
    assert problems == []


# one dbt invocation (10-15 s each): the selector is dbt's own, and every model's tag is checked
# against the manifest above; one domain shows that the tags select as dbt reads them
@pytest.mark.parametrize("domain", ["orders"])
def test_dbt_ls_by_tag_selects_one_domain(manifest, domain):
    result = run_cli(
        "dbt", "--quiet", "ls", "--select", f"tag:{domain}", "--resource-type", "model", "--output", "name"
    )
    assert result.returncode == 0, result.stdout[-2000:]
    selected = {line.strip() for line in result.stdout.splitlines() if line.strip()}
    expected = {n["name"] for n in models(manifest) if domain in n["config"]["tags"]}
    assert len(expected) >= 10
    assert selected == expected
    others = {n["name"] for n in models(manifest) if folder_domain(n) not in (None, domain)}
    assert selected & others == set()


# --- layers -----------------------------------------------------------------------------------


def test_only_staging_reads_sources(manifest):
    readers = [
        n["name"]
        for n in models(manifest)
        if any(d.startswith("source.") for d in n["depends_on"]["nodes"])
        and not n["original_file_path"].startswith("models/staging/")
    ]
    assert readers == []


# --- unit tests -------------------------------------------------------------------------------


def test_unit_tests_cover_the_transforms(manifest):
    tested = Counter(u["model"] for u in manifest["unit_tests"].values())
    # decoding, phone (E.164), legacy local time + float money, cents
    for model in (
        "stg_legacy__dispatch_patient",
        "stg_legacy__dispatch_office",
        "stg_legacy__dispatch_payment",
        "stg_legacy__dispatch_coupon",
    ):
        assert tested[model] >= 1, model
    macros_used = {
        "decode": "stg_legacy__dispatch_patient",
        "phone_e164": "stg_legacy__dispatch_office",
        "from_legacy_local_time": "stg_legacy__dispatch_payment",
    }
    for macro, model in macros_used.items():
        node = manifest["nodes"][f"model.legacy_migration.{model}"]
        assert f"macro.legacy_migration.{macro}" in node["depends_on"]["macros"], (macro, model)


def test_unit_tests_run_and_pass(built):
    result = run_cli("dbt", "test", "--select", "test_type:unit")
    assert result.returncode == 0, result.stdout[-3000:]
    passed = re.findall(r"PASS \S*stg_legacy__\w+::(\w+)", result.stdout)
    assert len(passed) >= 5, result.stdout[-3000:]


# --- macros -----------------------------------------------------------------------------------


def test_every_macro_is_documented_with_its_arguments(manifest):
    signatures = {}
    for path in (ROOT / "macros").rglob("*.sql"):
        for kind, name, args in re.findall(r"\{%-?\s*(macro|test)\s+(\w+)\s*\(([^)]*)\)", path.read_text()):
            full = f"test_{name}" if kind == "test" else name
            signatures[full] = [a.split("=")[0].strip() for a in args.split(",") if a.strip()]
    assert len(signatures) >= 80
    documented = {m["name"]: m for m in manifest["macros"].values() if m["package_name"] == "legacy_migration"}
    problems = []
    for name, args in sorted(signatures.items()):
        macro = documented.get(name)
        if macro is None or not macro["description"].strip():
            problems.append(f"{name}: no description")
            continue
        described = {a["name"]: a.get("description", "") for a in macro.get("arguments", [])}
        problems += [f"{name}({arg}): not described" for arg in args if not described.get(arg, "").strip()]
    assert problems == []


def test_decoded_staging_columns_list_their_legacy_codes(manifest):
    """Every staging column made by decode() says which legacy codes map to which label."""
    decoded = re.compile(r"\{\{\s*decode\('[\w.]+',\s*\{(.*?)\}\s*\)\s*\}\}\s+as\s+(\w+)", re.S)
    problems = []
    for node in models(manifest):
        if not node["name"].startswith("stg_"):
            continue
        sql = (ROOT / node["original_file_path"]).read_text()
        for mapping, column in decoded.findall(sql):
            description = node["columns"].get(column, {}).get("description", "")
            codes = re.findall(r"(\d+):", mapping)
            if not all(f"{code} = " in description for code in codes):
                problems.append(f"{node['name']}.{column}")
    assert problems == []
