"""One embedded PostgreSQL cluster per test session, on its own port and folder.

The `built` fixture generates the synthetic legacy database (scale 0.01), attaches it and runs
`dbt build` once; tests that need a different legacy database make their own in the same cluster.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from runner.embedded import Cluster
from runner.settings import LEGACY_DB, TARGET_DB, Databases, embedded_url
from tests.support import (
    REPORT_JSON,
    SCALE,
    SEED,
    TARGET_DIR,
    TLS_ENCODED,
    TLS_ROLE,
    Refreshed,
    Shuffled,
    create_database,
    enable_tls,
    refresh_state,
    run_cli,
)


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    cluster = Cluster.default()
    was_running = cluster.is_running()
    cluster.up()
    enable_tls(cluster)
    yield cluster
    if not was_running:
        cluster.stop()


@pytest.fixture(scope="session")
def dbs(cluster: Cluster) -> Databases:
    return Databases(embedded_url(LEGACY_DB), embedded_url(TARGET_DB), embedded=True)


@pytest.fixture(scope="session")
def built(dbs: Databases) -> Databases:
    """A fresh target, built from a fresh synthetic legacy database."""
    create_database(TARGET_DB)
    result = run_cli("demo", "--scale", str(SCALE), "--seed", str(SEED), "--json", str(REPORT_JSON))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return dbs


@pytest.fixture(scope="session")
def docs(built: Databases) -> tuple[dict, dict]:
    """`dbt docs generate` of the shared target, once: the manifest and the catalog."""
    result = run_cli("dbt", "docs", "generate")
    assert result.returncode == 0, result.stdout[-2000:]
    return json.loads((TARGET_DIR / "manifest.json").read_text()), json.loads((TARGET_DIR / "catalog.json").read_text())


@pytest.fixture(scope="session")
def refreshed(built: Databases) -> Refreshed:
    """One `build --full-refresh` of the shared target serves every proof of what a full refresh
    keeps (UUIDs, cases, the Supabase catalog): each test compares its part of the state."""
    before = refresh_state(built.target_url)
    result = run_cli("build", "--full-refresh")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    return Refreshed(before, refresh_state(built.target_url))


@pytest.fixture(scope="session")
def shuffled(cluster: Cluster) -> Shuffled:
    """One second build serves two proofs: a legacy database of the suite's scale and seed whose
    content-type ids are shuffled (tests/runner/test_content_types.py), synced and built through
    TLS-only URLs with a percent-encoded password (tests/runner/test_urls.py)."""
    legacy, target = create_database("ct_shuffled_legacy"), create_database("ct_shuffled_target")
    generated = run_cli(
        "--quiet",
        "legacy",
        "generate",
        "--scale",
        str(SCALE),
        "--seed",
        str(SEED),
        "--shuffle-content-types",
        "--legacy-url",
        legacy,
        "--target-url",
        target,
    )
    assert generated.returncode == 0, generated.stdout[-2000:] + generated.stderr[-2000:]
    base = f"postgresql://{TLS_ROLE}:{TLS_ENCODED}@127.0.0.1:{cluster.port}"
    tls_legacy = f"{base}/ct_shuffled_legacy?sslmode=require&application_name=legacy-hop"
    tls_target = f"{base}/ct_shuffled_target?sslmode=require&application_name=target-hop&connect_timeout=7"
    build = run_cli("build", "--legacy-url", tls_legacy, "--target-url", tls_target)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-2000:]
    return Shuffled(legacy, target, tls_legacy, tls_target, build)


# Under pytest -n (pyproject.toml): the modules that share an expensive session fixture run on one
# worker, so that it is built once; every other module is a group of its own (its module fixtures
# stay on one worker).
SHARED_FIXTURE_GROUPS = {
    "refreshed": ("test_supabase", "test_keys", "test_orders_clinical"),
    "shuffled": ("test_urls", "test_content_types", "test_privileges"),
    "docs": ("test_dbt_first", "test_docs"),
}


# The groups that take longest, handed out first (longest first keeps the last worker from running
# alone at the end); the rest follow in collection order.
LONGEST_FIRST = ("test_sync", "test_cutover", "test_review", "docs", "refreshed", "shuffled", "test_accounting")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    group_of = {module: group for group, modules in SHARED_FIXTURE_GROUPS.items() for module in modules}
    groups = {}
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else item.nodeid
        groups[item.nodeid] = group_of.get(module, module)
        item.add_marker(pytest.mark.xdist_group(groups[item.nodeid]))
    rank = {group: index for index, group in enumerate(LONGEST_FIRST)}
    order = {item.nodeid: index for index, item in enumerate(items)}
    items.sort(key=lambda item: (rank.get(groups[item.nodeid], len(rank)), order[item.nodeid]))
