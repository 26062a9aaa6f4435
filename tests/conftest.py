"""Shared fixtures: fresh databases per test on SQLite and on a real PostgreSQL server.

The PostgreSQL server is started by the test session itself (initdb into a temporary
folder, listening only on a Unix socket) and stopped at the end. Each test gets a new
database copied from a template at the newest schema, as each SQLite test gets a copy
of a template file.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CASEMANAGER_USER", "tester")

import pytest  # noqa: E402

from casemanager.store.database import Database, open_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- SQLite


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = open_database(str(path), create=True)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture
def sqlite_path(sqlite_template, tmp_path) -> Path:
    path = tmp_path / "cases.db"
    shutil.copy(sqlite_template, path)
    return path


@pytest.fixture
def sqlite_db(sqlite_path):
    db = open_database(str(sqlite_path))
    yield db
    db.dispose()


# ---------------------------------------------------------------- PostgreSQL


class PostgresServer:
    """A throw-away PostgreSQL cluster on a Unix socket in a temporary folder."""

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        initdb = found[-1] if found else shutil.which("initdb")
        if not initdb:
            raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
        self.bindir = Path(initdb).parent
        self.root = Path(tempfile.mkdtemp(prefix="cm-pg-"))
        self.data = self.root / "data"
        self.socket = self.root
        self.port = 55432
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
            os.chmod(self.root, 0o755)

    def _run(self, *cmd: str) -> None:
        full = list(cmd)
        if self.as_root:
            full = ["runuser", "-u", "postgres", "--", *full]
        subprocess.run(full, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> None:
        self._run(
            str(self.bindir / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--locale=C.UTF-8",
        )
        opts = f"-c listen_addresses='' -k {self.socket} -p {self.port} -c fsync=off"
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", opts,
            "-l", str(self.root / "log"), "-w", "start",
        )

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://postgres@/{dbname}?host={self.socket}&port={self.port}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            host=str(self.socket), port=self.port, user="postgres", dbname="postgres",
            autocommit=True,
        ) as conn:
            conn.execute(sql)


@pytest.fixture(scope="session")
def pg_server():
    try:
        server = PostgresServer()
        server.start()
    except (RuntimeError, subprocess.CalledProcessError, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        message = f"PostgreSQL unavailable: {exc} {detail.decode(errors='replace')[:300]}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server.admin("CREATE DATABASE cm_template")
    db = open_database(server.url("cm_template"), create=True)
    db.dispose()
    yield server
    server.stop()


@pytest.fixture
def pg_db(pg_server):
    name = f"t_{uuid.uuid4().hex[:12]}"
    pg_server.admin(f"CREATE DATABASE {name} TEMPLATE cm_template")
    db = open_database(pg_server.url(name))
    yield db
    db.dispose()
    pg_server.admin(f"DROP DATABASE {name} WITH (FORCE)")


# ---------------------------------------------------------------- both


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request) -> Database:
    """A fresh, empty database at the newest schema: once on SQLite, once on PostgreSQL."""
    return request.getfixturevalue("sqlite_db" if request.param == "sqlite" else "pg_db")


# ---------------------------------------------------------------- command line


def run_cli(*args: str, db: str | None = None, env: dict | None = None, input: str | None = None):
    """Run `python -m casemanager` as a subprocess, as a partner's script would."""
    cmd = [sys.executable, "-m", "casemanager"]
    if db is not None:
        cmd += ["--db", db]
    cmd += list(args)
    full_env = {**os.environ, **(env or {})}
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    return subprocess.run(
        cmd, capture_output=True, text=True, encoding="utf-8", env=full_env, input=input,
        timeout=300,
    )


@pytest.fixture
def cli():
    return run_cli
