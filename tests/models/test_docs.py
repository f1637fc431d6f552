"""`dbt docs generate` succeeds, and every model and every column it catalogues has a description."""

from tests.support import TARGET_DIR


def test_every_model_has_a_description(docs):
    manifest, _ = docs
    models = [n for n in manifest["nodes"].values() if n["resource_type"] in ("model", "seed")]
    assert len(models) > 100
    assert [n["name"] for n in models if not n["description"].strip()] == []


def test_every_column_of_every_model_has_a_description(docs):
    manifest, catalog = docs
    missing = []
    for unique_id, entry in catalog["nodes"].items():
        node = manifest["nodes"].get(unique_id)
        if node is None or node["resource_type"] not in ("model", "seed"):
            continue
        described = {name.lower() for name, col in node["columns"].items() if col["description"].strip()}
        # a snapshot table's legacy columns are described once, on the source it copies
        for parent in node["depends_on"]["nodes"] if node["config"]["materialized"] == "legacy_snapshot" else []:
            described |= {n.lower() for n, col in manifest["sources"][parent]["columns"].items() if col["description"]}
        missing += [f"{node['name']}.{column}" for column in entry["columns"] if column.lower() not in described]
    assert missing == []


def test_every_source_table_has_a_description(docs):
    manifest, _ = docs
    sources = list(manifest["sources"].values())
    assert len(sources) == 63
    assert [s["name"] for s in sources if not s["description"].strip()] == []


def test_the_landing_page_is_the_projects_overview(docs):
    """`dbt docs` opens on models/overview.md (layers and the ledger), not dbt's default page."""
    manifest, _ = docs
    overview = manifest["docs"].get("doc.legacy_migration.__overview__")
    assert overview is not None
    text = overview["block_contents"]
    for words in ("legacy_snapshot", "staging", "intermediate", "mappings", "marts", "row-level security"):
        assert words in text, words
    for disposition in ("migrated", "rejected", "excluded", "deleted_in_legacy"):
        assert disposition in text, disposition
    assert "migration.row_ledger" in text and "migration.reconciliation" in text
    assert "Welcome!" not in text
    assert (TARGET_DIR / "index.html").exists()
