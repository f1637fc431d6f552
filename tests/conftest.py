"""One embedded PostgreSQL cluster per test session, on its own port and folder.

The `built` fixture generates the synthetic legacy database (scale 0.01), attaches it and runs
`dbt build` once; tests that need a different legacy database make their own in the same cluster.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from runner.embedded import Cluster
from runner.settings import LEGACY_DB, TARGET_DB, Databases, embedded_url
from tests.support import REPORT_JSON, SCALE, SEED, create_database, enable_tls, run_cli


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
