"""The test suite. Imported before any test module or conftest, so the runner's settings are read
with these variables: pytest runs on the embedded cluster the documented variables name
(MIGRATION_PG_PORT, MIGRATION_EMBEDDED_DIR), else on a cluster of its own (port 55439,
.embedded/pytest); either way in databases of its own, so a developer's legacy and target
databases are never touched.

Under pytest-xdist (`-n 2`, the default of pyproject.toml) every worker is a suite of its own:
worker N runs its own cluster (port + N, folder suffixed `-gwN`) and keeps dbt's artifacts and
logs apart (target/pytest-gwN, logs/pytest-gwN), so two workers never share a target or a file."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if "MIGRATION_PG_PORT" not in os.environ:
    os.environ["MIGRATION_PG_PORT"] = "55439"
    os.environ.setdefault("MIGRATION_EMBEDDED_DIR", str(ROOT / ".embedded" / "pytest"))
os.environ.setdefault("MIGRATION_EMBEDDED_DIR", str(ROOT / ".embedded"))
worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if worker.startswith("gw"):
    os.environ["MIGRATION_PG_PORT"] = str(int(os.environ["MIGRATION_PG_PORT"]) + int(worker[2:]))
    os.environ["MIGRATION_EMBEDDED_DIR"] = f"{os.environ['MIGRATION_EMBEDDED_DIR']}-{worker}"
    os.environ["DBT_TARGET_PATH"] = f"target/pytest-{worker}"
    os.environ["DBT_LOG_PATH"] = str(ROOT / "logs" / f"pytest-{worker}")
os.environ["MIGRATION_LEGACY_DBNAME"] = "pytest_legacy"
os.environ["MIGRATION_TARGET_DBNAME"] = "pytest_target"
os.environ["DO_NOT_TRACK"] = "1"
for leaked in ("LEGACY_DATABASE_URL", "TARGET_DATABASE_URL"):
    os.environ.pop(leaked, None)
