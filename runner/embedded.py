"""The embedded PostgreSQL cluster: binaries from the machine, data in a git-ignored folder.

When invoked as root (CI), initdb and the server run as an unprivileged OS user, because
PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import hashlib
import os
import pwd
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from runner.errors import EnvironmentProblem
from runner.settings import (
    EMBEDDED_SUPERUSER,
    LEGACY_DB,
    TARGET_DB,
    embedded_dir,
    embedded_port,
    embedded_url,
)

INSTALL_HINT = (
    "install PostgreSQL 15+ server and contrib (Debian/Ubuntu: `apt-get install postgresql "
    "postgresql-contrib`; macOS: `brew install postgresql@15`) or set PG_BIN_DIR to the folder "
    "holding initdb and pg_ctl"
)
REQUIRED_EXTENSIONS = ("postgres_fdw", "pgcrypto")


def find_bindir() -> Path:
    """The folder of initdb/pg_ctl/postgres: PG_BIN_DIR, pg_config on PATH, or Debian's layout."""
    explicit = os.environ.get("PG_BIN_DIR")
    if explicit:
        if all((Path(explicit) / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(explicit)
        raise EnvironmentProblem(
            f"PG_BIN_DIR={explicit} does not hold initdb, pg_ctl and postgres; point it at PostgreSQL's "
            f"bin folder, or unset it and {INSTALL_HINT}."
        )
    candidates: list[str] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(out.stdout.strip())
    debian = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates += debian + ["/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin"]
    for candidate in candidates:
        path = Path(candidate)
        if all((path / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return path
    raise EnvironmentProblem(f"PostgreSQL server binaries (initdb, pg_ctl) were not found; {INSTALL_HINT}.")


def check_contrib(bindir: Path) -> None:
    pg_config = bindir / "pg_config"
    sharedir = None
    if pg_config.is_file():
        out = subprocess.run([pg_config, "--sharedir"], capture_output=True, text=True, check=False)
        sharedir = Path(out.stdout.strip())
    if sharedir is None or not sharedir.is_dir():
        version = bindir.parent.name
        sharedir = Path(f"/usr/share/postgresql/{version}")
    missing = [ext for ext in REQUIRED_EXTENSIONS if not (sharedir / "extension" / f"{ext}.control").is_file()]
    if missing:
        raise EnvironmentProblem(
            f"The PostgreSQL extensions {', '.join(missing)} are not installed in {sharedir}; {INSTALL_HINT}."
        )


def _os_user() -> str | None:
    """The unprivileged OS user that runs PostgreSQL when we are root; None otherwise."""
    if os.geteuid() != 0:
        return None
    name = os.environ.get("MIGRATION_PG_OS_USER", "postgres")
    try:
        pwd.getpwnam(name)
    except KeyError as exc:
        raise EnvironmentProblem(
            f"PostgreSQL cannot run as root and the OS user {name!r} does not exist; create it "
            f"(`useradd --system {name}`) or set MIGRATION_PG_OS_USER to an unprivileged user."
        ) from exc
    return name


def _reachable_root(root: Path) -> Path:
    """root, or a folder under /var/tmp when the server's OS user cannot traverse to root's parent
    (a checkout under a private home directory, as root in CI)."""
    user = _os_user()
    if user is None:
        return root
    probe = subprocess.run(["test", "-x", str(root.parent)], user=user, check=False, capture_output=True)
    if probe.returncode == 0:
        return root
    digest = hashlib.sha256(str(root).encode()).hexdigest()[:12]
    return Path("/var/tmp") / f"legacy-migration-{digest}"


@dataclass(frozen=True)
class Cluster:
    """One embedded cluster: its folder, port and binaries."""

    root: Path
    port: int
    bindir: Path

    @classmethod
    def default(cls) -> Cluster:
        bindir = find_bindir()
        check_contrib(bindir)
        return cls(root=_reachable_root(embedded_dir()), port=embedded_port(), bindir=bindir)

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def logfile(self) -> Path:
        return self.root / "server.log"

    @property
    def socketdir(self) -> Path:
        return self.root / "socket"

    # -- running binaries, as an unprivileged user when we are root --------------------------

    def _run(self, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
        user = _os_user()
        env = None
        if user:
            # the server's own libpq (postgres_fdw) looks for client certificates under $HOME
            entry = pwd.getpwnam(user)
            env = {**os.environ, "HOME": entry.pw_dir, "USER": user, "LOGNAME": user}
        return subprocess.run(
            [str(self.bindir / tool), *args],
            capture_output=True,
            text=True,
            check=False,
            user=user,
            group=pwd.getpwnam(user).pw_gid if user else None,
            extra_groups=[] if user else None,
            cwd="/",
            env=env,
        )

    def _prepare_root(self) -> None:
        for folder in (self.root, self.socketdir):
            folder.mkdir(parents=True, exist_ok=True)
        user = _os_user()
        if user:
            entry = pwd.getpwnam(user)
            for folder in (self.root, self.socketdir):
                os.chown(folder, entry.pw_uid, entry.pw_gid)
            probe = subprocess.run(["test", "-w", str(self.root)], user=user, check=False, capture_output=True)
            if probe.returncode != 0:
                raise EnvironmentProblem(
                    f"The OS user {user!r} that runs PostgreSQL cannot reach {self.root}; set "
                    "MIGRATION_EMBEDDED_DIR to a folder it can write (for example under /var/tmp)."
                )

    # -- lifecycle ---------------------------------------------------------------------------

    def is_initialised(self) -> bool:
        return (self.datadir / "PG_VERSION").is_file()

    def is_running(self) -> bool:
        if not self.is_initialised():
            return False
        return self._run("pg_ctl", "status", "-D", str(self.datadir)).returncode == 0

    def init(self) -> bool:
        """initdb once; True when this call created the cluster."""
        if self.is_initialised():
            return False
        self._prepare_root()
        result = self._run(
            "initdb",
            "-D",
            str(self.datadir),
            "-U",
            EMBEDDED_SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
        )
        if result.returncode != 0:
            raise EnvironmentProblem(
                f"initdb failed ({result.stderr.strip().splitlines()[-1] if result.stderr else 'no output'}); "
                f"remove {self.datadir} and run `python -m runner up` again."
            )
        return True

    def start(self) -> None:
        if self.is_running():
            running = self.running_port()
            if running is not None and running != self.port:
                raise EnvironmentProblem(
                    f"The embedded PostgreSQL in {self.root} already runs on port {running}, not on port "
                    f"{self.port}; set MIGRATION_PG_PORT={running} or stop it with `python -m runner down` first."
                )
            return
        options = (
            f"-p {self.port} -k {self.socketdir} -c listen_addresses=127.0.0.1 "
            "-c shared_buffers=512MB -c work_mem=64MB -c maintenance_work_mem=256MB "
            "-c max_wal_size=4GB -c synchronous_commit=off -c fsync=off -c full_page_writes=off "
            "-c jit=off -c timezone=UTC"
        )
        result = self._run(
            "pg_ctl",
            "start",
            "-w",
            "-t",
            "60",
            "-D",
            str(self.datadir),
            "-l",
            str(self.logfile),
            "-o",
            options,
        )
        if result.returncode != 0:
            tail = self.logfile.read_text(errors="replace").strip().splitlines()[-1:] if self.logfile.exists() else []
            raise EnvironmentProblem(
                f"The embedded PostgreSQL did not start on port {self.port} "
                f"({(tail or [result.stderr.strip()])[0]}); free the port or set MIGRATION_PG_PORT "
                "to another one."
            )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(embedded_url("postgres", self.port), connect_timeout=3):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> bool:
        if not self.is_running():
            return False
        self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.datadir))
        return True

    def ensure_databases(self) -> None:
        with psycopg.connect(embedded_url("postgres", self.port), autocommit=True) as conn:
            existing = {row[0] for row in conn.execute("select datname from pg_database")}
            for name in (LEGACY_DB, TARGET_DB):
                if name not in existing:
                    conn.execute(f'create database "{name}"')

    def reset_database(self, name: str) -> str:
        """Drop and recreate one of the embedded databases (the benchmark starts from empty)."""
        with psycopg.connect(embedded_url("postgres", self.port), autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')
            conn.execute(f'create database "{name}"')
        return embedded_url(name, self.port)

    def drop_database(self, name: str) -> None:
        with psycopg.connect(embedded_url("postgres", self.port), autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')

    def inventory(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """The roles that may log in or that Supabase's API uses, and the databases with their size."""
        with psycopg.connect(embedded_url("postgres", self.port), autocommit=True) as conn:
            roles = conn.execute(
                """
                select rolname,
                       concat_ws(', ',
                                 case when rolsuper then 'superuser' end,
                                 case when rolcanlogin then 'can log in' else 'no login' end,
                                 case when rolbypassrls and not rolsuper then 'bypasses RLS' end)
                from pg_roles
                where rolname !~ '^pg_' and (rolcanlogin or rolname in ('anon', 'authenticated', 'service_role'))
                order by rolname
                """
            ).fetchall()
            databases = conn.execute(
                """
                select datname, pg_size_pretty(pg_database_size(oid))
                from pg_database
                where not datistemplate
                order by datname
                """
            ).fetchall()
        return roles, databases

    def running_port(self) -> int | None:
        """The port the running postmaster listens on (the fourth line of postmaster.pid)."""
        try:
            return int((self.datadir / "postmaster.pid").read_text().splitlines()[3])
        except (OSError, ValueError, IndexError):
            return None

    def server_pid(self) -> int | None:
        """The postmaster's pid (its first line of postmaster.pid), when the cluster runs."""
        try:
            return int((self.datadir / "postmaster.pid").read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            return None

    def up(self) -> None:
        self.init()
        self.start()
        self.ensure_databases()
