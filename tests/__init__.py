"""The test suite. Imported before any test module or conftest, so the runner's settings are read
with these variables: pytest runs on the embedded cluster the documented variables name
(MIGRATION_PG_PORT, MIGRATION_EMBEDDED_DIR), else on a cluster of its own (port 55439,
.embedded/pytest); either way in databases of its own, so a developer's legacy and target
databases are never touched."""

import os
from pathlib import Path

if "MIGRATION_PG_PORT" not in os.environ:
    os.environ["MIGRATION_PG_PORT"] = "55439"
    os.environ.setdefault(
        "MIGRATION_EMBEDDED_DIR", str(Path(__file__).resolve().parent.parent / ".embedded" / "pytest")
    )
os.environ["MIGRATION_LEGACY_DBNAME"] = "pytest_legacy"
os.environ["MIGRATION_TARGET_DBNAME"] = "pytest_target"
os.environ["DO_NOT_TRACK"] = "1"
for leaked in ("LEGACY_DATABASE_URL", "TARGET_DATABASE_URL"):
    os.environ.pop(leaked, None)
