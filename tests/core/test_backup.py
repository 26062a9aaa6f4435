"""Backups: online copies while writing, encrypted copies, checked restores, rotation."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import pytest

from casemanager.domain.errors import DatabaseError
from casemanager.domain.progress import Cancelled
from casemanager.services import cases
from casemanager.services.queries import CaseFilter, count_cases
from casemanager.store import backup as bk
from casemanager.store import sqlcipher as encryption
from casemanager.store.database import open_database
from casemanager.store.models import Setting

PASS = "Бишкек backups 2024"


def add(db, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        cases.create_case(db, fields={"family_name": f"Юсупов {i}", "given_name": "Bakhrom",
                                      "notes": "записка " * 50})


def count(path: Path, **kw) -> int:
    db = open_database(str(path), **kw)
    try:
        return count_cases(db, CaseFilter())
    finally:
        db.dispose()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_while_another_connection_writes(sqlite_db, tmp_path):
    add(sqlite_db, 150)
    writer = threading.Thread(target=add, args=(sqlite_db, 60, 1000))
    seen = []
    writer.start()
    dest = bk.backup(sqlite_db, tmp_path / "copy.db",
                     progress=lambda done, total, msg="": seen.append((done, total)))
    writer.join()
    assert seen and seen[-1][0] == seen[-1][1]
    conn = sqlite3.connect(dest)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    conn.close()
    assert 150 <= n <= 210
    assert not Path(f"{dest}.partial").exists() and not Path(f"{dest}-wal").exists()
    assert count(dest) == n


def _save_at_every_step(db, seen: list[int], give_up: int = 400):
    """A progress callback that saves a case from another connection at every step of
    the backup (what the window does while the backup runs on a lane of its own) and
    gives up after `give_up` steps: a backup restarted by each save never ends."""

    def step(done, total=None, message=""):
        seen.append(done)
        if len(seen) > give_up:
            raise RuntimeError(f"the backup restarted at every save ({len(seen)} steps)")
        add(db, 1, 10_000 + len(seen))  # its own pooled connection, committed at once

    return step


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_backup_is_one_snapshot_while_the_window_saves_at_every_step(
        tmp_path, monkeypatch, encrypted):
    # Four pages a step: many steps, each followed by a save from another connection.
    # Without the read transaction the backup holds, every save restarted the copy from
    # page 1 and it never ended; with it, the copy is the database as it was when the
    # backup began, and every save went through meanwhile (a reader blocks no writer).
    monkeypatch.setattr(bk, "PAGES_PER_STEP", 4)
    path = tmp_path / "cases.db"
    kw: dict = {}
    if encrypted:
        keys = encryption.create_encrypted(path, PASS)
        db = open_database(str(path), create=True, key=keys.db_key)
        kw = {"passphrase": PASS}
    else:
        db = open_database(str(path), create=True)
    try:
        add(db, 60)
        seen: list[int] = []
        dest = bk.backup(db, tmp_path / "copy.db", progress=_save_at_every_step(db, seen))
        saved = count_cases(db, CaseFilter())
    finally:
        db.dispose()
    assert len(seen) > 10 and saved == 60 + len(seen)  # every save committed
    assert seen == sorted(seen)  # never started again
    assert count(dest, **kw) == 60  # the snapshot: none of the saves, never half of one
    if encrypted:
        assert "Юсупов".encode() not in dest.read_bytes()
        conn = encryption.connect_encrypted(dest, keys.db_key)
    else:
        conn = sqlite3.connect(dest)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_backup_snapshot_does_not_take_the_files_write_lock(sqlite_db, tmp_path, monkeypatch):
    # "BEGIN" through the write guard would hold the file's write lock for the whole
    # backup and shut other processes' saves out: the snapshot goes around the guard.
    monkeypatch.setattr(bk, "PAGES_PER_STEP", 4)
    add(sqlite_db, 20)
    lock = sqlite_db.write_lock.get()
    held: list[int] = []
    bk.backup(sqlite_db, tmp_path / "copy.db",
              progress=lambda done, total=None, message="": held.append(lock._count))
    assert held and set(held) == {0}


def test_encrypted_backup_is_encrypted_and_carries_its_key_file(tmp_path):
    path = tmp_path / "enc.db"
    keys = encryption.create_encrypted(path, PASS)
    db = open_database(str(path), create=True, key=keys.db_key)
    add(db, 20)
    dest = bk.backup(db, tmp_path / "b.db")
    db.dispose()
    assert "Юсупов".encode() not in dest.read_bytes()
    assert Path(f"{dest}.keys").exists()
    assert count(dest, passphrase=PASS) == 20
    assert count(dest, recovery_key=keys.recovery_key) == 20


def test_restore_brings_back_the_backup_and_keeps_the_replaced_file(sqlite_path, tmp_path):
    db = open_database(str(sqlite_path))
    add(db, 10)
    saved = bk.backup(db, tmp_path / "saved.db")
    add(db, 5, 100)
    db.dispose()
    aside = bk.restore(sqlite_path, saved)
    assert count(sqlite_path) == 10
    assert aside is not None and aside.name.startswith("cases.db.replaced-")
    assert count(aside) == 15
    assert not Path(f"{sqlite_path}.restoring").exists()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "unknown schema", "not ours"])
def test_restore_refuses_a_bad_backup_and_changes_nothing(sqlite_path, tmp_path, damage):
    db = open_database(str(sqlite_path))
    add(db, 30)
    (tmp_path / "b").mkdir()
    bad = bk.backup(db, tmp_path / "b" / "bad.db")
    db.dispose()
    if damage == "garbage":
        bad.write_bytes(b"not a database at all" * 100)
    elif damage == "truncated":
        bad.write_bytes(bad.read_bytes()[: len(bad.read_bytes()) // 2])
    elif damage == "unknown schema":
        conn = sqlite3.connect(bad)
        conn.execute("UPDATE alembic_version SET version_num='9999_future'")
        conn.commit()
        conn.close()
    else:
        bad.unlink()
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE t(x)")
        conn.commit()
        conn.close()
    before = digest(sqlite_path)
    listing = sorted(sqlite_path.parent.rglob("*"))
    with pytest.raises(DatabaseError) as err:
        bk.restore(sqlite_path, bad)
    message = str(err.value)
    assert any(s in message for s in ("nothing was changed", "schema", "not a Case Manager",
                                      "not a database"))
    assert digest(sqlite_path) == before
    assert sorted(sqlite_path.parent.rglob("*")) == listing


def test_cancelled_backup_leaves_no_file(sqlite_db, tmp_path):
    add(sqlite_db, 300)

    def cancel(done, total=None, message=""):
        if done > 0:
            raise Cancelled()

    with pytest.raises(Cancelled):
        bk.backup(sqlite_db, tmp_path / "x.db", progress=cancel)
    assert list(tmp_path.glob("x.db*")) == []


def test_rotation_keeps_the_configured_number(sqlite_db, tmp_path):
    folder = tmp_path / "auto"
    with sqlite_db.session() as s:
        s.add(Setting(key=bk.BACKUP_KEEP_SETTING, value="3"))
        s.commit()
    made = [bk.rotate_backups(sqlite_db, folder) for _ in range(5)]
    left = bk.existing_backups(sqlite_db, folder)
    assert left == made[-3:]
    assert sorted(p for p in folder.iterdir() if p.suffix == ".db") == sorted(made[-3:])
    assert bk.backup_if_due(sqlite_db, folder) is None  # the newest is minutes old
    assert bk.backup_keep(sqlite_db) == 3


def test_postgresql_points_to_pg_dump(pg_db, tmp_path):
    with pytest.raises(DatabaseError, match="pg_dump"):
        bk.backup(pg_db, tmp_path / "x.db")


def test_backup_and_restore_by_command_line(cli, tmp_path):
    path = tmp_path / "c.db"
    env = {"CASEMANAGER_PASSPHRASE": PASS}
    assert cli("init", "--encrypt", db=str(path), env=env).returncode == 0
    assert cli("demo", "--cases", "40", db=str(path), env=env).returncode == 0
    out = tmp_path / "out.db"
    r = cli("backup", "-o", str(out), db=str(path), env=env)
    assert r.returncode == 0, r.stderr
    assert "encrypted" in r.stdout and Path(f"{out}.keys").exists()
    assert cli("demo", "--cases", "5", db=str(path), env=env).returncode == 0
    r = cli("restore", str(out), db=str(path), env=env)
    assert r.returncode == 0, r.stderr
    assert "kept as" in r.stdout
    r = cli("check", "--format", "json", db=str(path), env=env)
    assert r.returncode == 0 and '"cases": 40' in r.stdout
    r = cli("restore", str(tmp_path / "none.db"), db=str(path), env=env)
    assert r.returncode == 1 and r.stderr.startswith("casemanager: error: no backup")


def test_cancel_after_the_copy_keeps_the_backup_whole_with_its_checksum(sqlite_db, tmp_path):
    """Cancel pressed while the new copy is checked (tester: the backup was kept with
    no .sha256, which a restore then cannot verify): too late to cancel, the backup is
    finished with its checksum."""
    add(sqlite_db, 20)

    def progress(done, total=None, message=""):
        if message == "Writing the checksum…":
            raise Cancelled()

    dest = bk.backup(sqlite_db, tmp_path / "copy.db", progress=progress)
    assert dest.exists() and bk.checksum_status(dest) == "ok"


def test_a_killed_backups_partial_file_is_removed_by_a_later_backup(sqlite_db, tmp_path):
    """A process killed mid-backup leaves FILE.partial (never a file under a finished
    backup's name); the next automatic backup removes such files once they are an hour
    old (tester: four 394 MB files nothing removed). A fresh one, maybe being written,
    stays."""
    import os
    import time

    add(sqlite_db, 5)
    folder = tmp_path / "backups"
    first = bk.rotate_backups(sqlite_db, folder)
    prefix = first.name.rsplit("-", 2)[0]
    old = folder / f"{prefix}-20250101-120000.db.partial"
    old_journal = folder / f"{prefix}-20250101-120000.db.partial-journal"
    fresh = folder / f"{prefix}-20250101-130000.db.partial"
    other = folder / "another-database-20250101-120000.db.partial"
    for path in (old, old_journal, fresh, other):
        path.write_bytes(b"x" * 1000)
    hour_ago = time.time() - 2 * bk.STALE_PARTIAL_SECONDS
    for path in (old, old_journal, other):
        os.utime(path, (hour_ago, hour_ago))
    bk.rotate_backups(sqlite_db, folder)
    assert not old.exists() and not old_journal.exists()
    assert fresh.exists() and other.exists()  # a running one; another database's


def test_restore_refuses_an_unfinished_backup_and_leaves_it_as_it_is(sqlite_path, tmp_path):
    """A `.partial` file is a copy that was stopped: refused in one line, and not
    opened (opening it rolled back its journal: the tester's file became 0 bytes)."""
    db = open_database(str(sqlite_path))
    add(db, 3)
    made = bk.backup(db, tmp_path / "copy.db")
    db.dispose()
    partial = tmp_path / "copy.db.partial"
    partial.write_bytes(made.read_bytes())
    before = partial.read_bytes()
    with pytest.raises(DatabaseError, match="unfinished backup"):
        bk.restore(sqlite_path, partial)
    assert partial.read_bytes() == before
