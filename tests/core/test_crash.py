"""Crash safety: SIGKILL mid-transaction and mid-backup, damaged files, a full disk."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import event

from casemanager.domain.errors import DatabaseError
from casemanager.services import cases
from casemanager.services.queries import CaseFilter, count_cases
from casemanager.store import sqlcipher as encryption
from casemanager.store.backup import backup
from casemanager.store.database import open_database, quick_check

ROOT = Path(__file__).resolve().parents[2]
PASS = "Душанбе crash tests"


def spawn(*args: str, env: dict | None = None) -> subprocess.Popen:
    full = {**os.environ, **(env or {}), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, *args], env=full, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def kill_when(proc: subprocess.Popen, ready) -> None:
    """SIGKILL `proc` as soon as `ready()` is true (polling; no timing assumptions)."""
    while not ready():
        if proc.poll() is not None:
            pytest.fail(f"the process ended before it could be killed: {proc.stderr.read()}")
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL


def wal_size(path: Path) -> int:
    try:
        return Path(f"{path}-wal").stat().st_size
    except FileNotFoundError:
        return 0


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_sigkill_in_a_10000_case_transaction_leaves_all_or_nothing(tmp_path, encrypted):
    path = tmp_path / "cases.db"
    env = {"CASEMANAGER_PASSPHRASE": PASS}
    kw = {"passphrase": PASS} if encrypted else {}
    if encrypted:
        keys = encryption.create_encrypted(path, PASS)
        db = open_database(str(path), create=True, key=keys.db_key)
    else:
        db = open_database(str(path), create=True)
    cases.create_case(db, fields={"family_name": "Эргашев", "given_name": "Первый"})
    db.dispose()
    # `demo` writes all its cases in one transaction; the pages it spills into the WAL
    # before committing show it is half-way.
    proc = spawn("-m", "casemanager", "--db", str(path), "demo", "--cases", "10000", env=env)
    kill_when(proc, lambda: wal_size(path) > 2_000_000)

    db = open_database(str(path), **kw)  # the WAL's uncommitted frames are ignored
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert count_cases(db, CaseFilter()) == 1  # none of the 10,000, the earlier case intact
    assert cases.get_case(db, "CM-0001").given_name == "Первый"
    db.dispose()


BACKUP_SCRIPT = """
import sys, time
from casemanager.store.database import open_database
from casemanager.store.backup import backup
db = open_database(sys.argv[1])
def slow(done, total=None, message=""):
    print("step", done, total, flush=True)
    time.sleep(0.05)  # a slow USB stick
backup(db, sys.argv[2], progress=slow)
print("finished", flush=True)
"""


def test_sigkill_in_a_backup_leaves_the_database_whole_and_no_false_backup(cli, tmp_path):
    path = tmp_path / "cases.db"
    assert cli("init", db=str(path)).returncode == 0
    assert cli("demo", "--cases", "3000", db=str(path)).returncode == 0
    dest = tmp_path / "backup.db"
    proc = spawn("-c", BACKUP_SCRIPT, str(path), str(dest))
    first = proc.stdout.readline()
    assert first.startswith("step")
    kill_when(proc, lambda: True)
    assert not dest.exists()  # only FILE.partial: never a half backup under the real name
    r = cli("check", "--format", "json", db=str(path))
    assert r.returncode == 0 and '"integrity": "ok"' in r.stdout and '"cases": 3000' in r.stdout
    # The next backup simply replaces the leftover partial file.
    db = open_database(str(path))
    backup(db, dest)
    db.dispose()
    assert not Path(f"{dest}.partial").exists()
    conn = sqlite3.connect(dest)
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 3000
    conn.close()


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_every_connection_is_wal_with_full_sync(tmp_path, encrypted):
    path = tmp_path / "c.db"
    key = encryption.create_encrypted(path, PASS).db_key if encrypted else None
    db = open_database(str(path), create=True, key=key)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()


def _damage_closed_file(path: Path) -> None:
    """200 cases, closed cleanly, then a few pages in the middle overwritten with garbage."""
    db = open_database(str(path))
    for i in range(200):
        cases.create_case(db, fields={"family_name": f"Рахимов {i}", "notes": "n" * 500})
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.exec_driver_sql("PRAGMA page_size").scalar()
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    db.dispose()
    raw = bytearray(path.read_bytes())
    for page in range(pages // 2, pages // 2 + 3):  # a few pages in the middle: garbage
        raw[page * page_size : (page + 1) * page_size] = os.urandom(page_size)
    path.write_bytes(bytes(raw))


DAMAGED = "is damaged .*restore the newest backup from"

# Issue 18 changed what these expect: opening used to run `PRAGMA quick_check` every time
# (seconds at a million cases); now it does after an unclean shutdown, and a file damaged
# while closed cleanly is caught by `check`, by the next backup, and by the window's
# background check.


def test_a_damaged_file_is_caught_at_open_after_an_unclean_shutdown(sqlite_path):
    _damage_closed_file(sqlite_path)
    # A process that had it open was killed: its marker is left, unlocked.
    proc = spawn("-c", "import sys, time\n"
                 "from casemanager.store.database import open_database\n"
                 "db = open_database(sys.argv[1], quick_check=False)\n"
                 "print('open', flush=True); time.sleep(60)", str(sqlite_path))
    assert proc.stdout.readline().strip() == "open"
    kill_when(proc, lambda: True)
    with pytest.raises(DatabaseError, match=DAMAGED):
        open_database(str(sqlite_path))
    with pytest.raises(DatabaseError, match=DAMAGED):  # and again, until it is restored
        open_database(str(sqlite_path))


def test_a_file_damaged_while_closed_is_caught_by_check_and_by_the_backup(
        cli, sqlite_path, tmp_path):
    _damage_closed_file(sqlite_path)
    r = cli("check", db=str(sqlite_path))
    assert r.returncode == 1 and len(r.stderr.splitlines()) == 1
    assert "is damaged" in r.stderr and "restore the newest backup" in r.stderr
    db = open_database(str(sqlite_path))  # a clean last close: opening does not read it all
    try:
        with pytest.raises(DatabaseError, match=DAMAGED):
            backup(db, tmp_path / "backup.db")
        assert not (tmp_path / "backup.db").exists()
        with pytest.raises(DatabaseError, match=DAMAGED):
            quick_check(db)
    finally:
        db.dispose()
    with pytest.raises(DatabaseError, match=DAMAGED):  # asked for, opening checks too
        open_database(str(sqlite_path), quick_check=True)


def test_a_full_database_refuses_the_write_and_keeps_the_data(sqlite_db):
    # SQLite's max_page_count makes "disk full" happen at a chosen size.
    @event.listens_for(sqlite_db.engine, "connect")
    def cap(dbapi_conn, _record):
        size = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {size + 40}")

    sqlite_db.engine.dispose()
    saved = cases.create_case(sqlite_db, fields={"family_name": "Назаров", "notes": "первая"})
    with pytest.raises(DatabaseError, match="disk is full: nothing of this change was saved"):
        for i in range(100):
            cases.create_case(sqlite_db, fields={"family_name": f"Big {i}", "notes": "ж" * 90_000})
    n = count_cases(sqlite_db, CaseFilter())
    assert cases.get_case(sqlite_db, saved.reference).notes == "первая"
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        # No half-written case: every case row has its opening status entry.
        orphans = conn.exec_driver_sql(
            "SELECT count(*) FROM cases c WHERE NOT EXISTS "
            "(SELECT 1 FROM status_changes s WHERE s.case_id = c.id)").scalar()
    assert orphans == 0 and n >= 1


@pytest.fixture
def tiny_disk(tmp_path):
    mount = tmp_path / "tiny"
    mount.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                       capture_output=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {r.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_really_full_disk_is_one_clear_message_and_no_change(cli, tiny_disk):
    path = tiny_disk / "cases.db"
    assert cli("init", db=str(path)).returncode == 0
    assert cli("demo", "--cases", "20", db=str(path)).returncode == 0
    r = cli("demo", "--cases", "20000", db=str(path))
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [
        "casemanager: error: the disk is full: nothing of this change was saved; "
        "free some space and try again"]
    r = cli("check", "--format", "json", db=str(path))
    assert r.returncode == 0, r.stderr
    assert '"integrity": "ok"' in r.stdout and '"cases": 20' in r.stdout
