"""A process that has the database open keeps it safe, whatever else it opens and closes.

The fault (issue 12): closing any descriptor of a file drops all of the process's POSIX
locks on it, SQLite's included. Qt's file dialog sniffing the database's type does that;
the next command then deleted the WAL the window still wrote to, and writes were lost.
These tests run the real thing: a holder process with the database open that makes Qt's
MIME database read the files, and real `casemanager` commands beside it.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from casemanager.domain.errors import DatabaseError
from casemanager.services import cases
from casemanager.store import locks as db_guard
from casemanager.store.database import open_database

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not db_guard.OFD_LOCKS, reason="needs Linux OFD locks")

# A Case Manager process with the database open (what the window is, minus widgets):
# it saves, lets Qt sniff the files as a file dialog would, and saves again on cue.
HOLDER = r"""
import hashlib, sys
from pathlib import Path
if sys.argv[2] == "unguarded":
    import casemanager.store.locks as g
    g.OFD_LOCKS = False
from PySide6.QtCore import QMimeDatabase
from casemanager.store.database import open_database
from casemanager.services import cases
path = sys.argv[1]
db = open_database(path)
def save(name):
    print("saved", cases.create_case(db, fields={"family_name": name, "given_name": "Ali"}).reference, flush=True)
save("Хасанов")
for f in (path, path + "-wal", path + "-shm"):
    if Path(f).exists():
        QMimeDatabase().mimeTypeForFile(f)  # opens, reads and closes the file
        hashlib.sha256(Path(f).read_bytes())
print("ready", flush=True)
for name in ("Tursunov", "Рахимов"):
    sys.stdin.readline()
    save(name)
db.dispose()
"""


def _cli(path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "casemanager", "--db", str(path), *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )


def _names(path: Path) -> tuple[list[str], str]:
    conn = sqlite3.connect(path)
    try:
        names = sorted(r[0] for r in conn.execute("SELECT family_name FROM cases"))
        return names, conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def _scenario(path: Path, mode: str) -> list[str]:
    """The issue's reproduction, with writes on both sides; returns acknowledged names."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), mode], cwd=ROOT, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    acknowledged = []
    try:
        for line in holder.stdout:
            if line.startswith("saved"):
                acknowledged.append("Хасанов")
            if line.startswith("ready"):
                break
        assert _cli(path, "list").returncode == 0
        for name in ("Karimova", "Абдуллаев"):
            result = _cli(path, "new", f"family_name={name}", "given_name=Zarina")
            assert result.returncode == 0, result.stderr
            acknowledged.append(name)
            holder.stdin.write("go\n")
            holder.stdin.flush()
            line = holder.stdout.readline()
            assert line.startswith("saved"), holder.stderr.read()
            acknowledged.append("Tursunov" if name == "Karimova" else "Рахимов")
        holder.stdin.close()
        assert holder.wait(timeout=60) == 0, holder.stderr.read()
    finally:
        if holder.poll() is None:
            holder.kill()
    return sorted(acknowledged)


def test_no_write_is_lost_when_our_own_process_closes_the_file(sqlite_path):
    acknowledged = _scenario(sqlite_path, "guarded")
    assert len(acknowledged) == 5
    assert _names(sqlite_path) == (acknowledged, "ok")


def test_the_scenario_does_lose_writes_without_the_guard(sqlite_path):
    # Proves the scenario above reproduces the fault: without the OFD locks the
    # command-line process deletes the WAL and an acknowledged write vanishes.
    acknowledged = _scenario(sqlite_path, "unguarded")
    names, integrity = _names(sqlite_path)
    assert names != acknowledged or integrity != "ok"


def test_a_command_keeps_the_wal_the_other_process_uses(sqlite_path):
    db = open_database(str(sqlite_path))
    try:
        cases.create_case(db, fields={"family_name": "Юсупов", "given_name": "Nodir"})
        with open(sqlite_path, "rb") as fh:  # any code in this process reading the file
            fh.read(100)
        assert _cli(sqlite_path, "list").returncode == 0
        assert Path(f"{sqlite_path}-wal").exists()
    finally:
        db.dispose()
    # The last one out still tidies up: the WAL is folded in and removed.
    assert not Path(f"{sqlite_path}-wal").exists()


def test_restore_is_refused_while_another_process_has_the_database(sqlite_path, tmp_path):
    backup = tmp_path / "copy.db"
    assert _cli(sqlite_path, "backup", "-o", str(backup)).returncode == 0
    db = open_database(str(sqlite_path))
    try:
        result = _cli(sqlite_path, "restore", str(backup))
    finally:
        db.dispose()
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "cases.db is open in another program" in result.stderr


def test_the_window_claim_names_its_process(sqlite_path):
    window = _held_elsewhere(sqlite_path, claim=True)
    assert db_guard.SessionClaim.take(sqlite_path) is None  # a second window
    assert db_guard.claimed_by(sqlite_path) == window.pid
    with pytest.raises(DatabaseError, match=rf"open in Case Manager \(process {window.pid}\)"):
        db_guard.require_sole_use(sqlite_path, "restore")
    result = subprocess.run(
        [sys.executable, "-m", "casemanager", "--db", str(sqlite_path), "encrypt"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, "CASEMANAGER_PASSPHRASE": "correct horse battery staple"},
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"cannot encrypt: cases.db is open in Case Manager (process {window.pid})" in result.stderr
    _stop(window)
    assert db_guard.claimed_by(sqlite_path) is None
    db_guard.require_sole_use(sqlite_path, "restore")  # nobody has it open now


def _held_elsewhere(path: Path, *, claim: bool = False) -> subprocess.Popen:
    """A child process that keeps `path` open (and claimed, as the window does)."""
    child = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from casemanager.store import locks as db_guard; from casemanager.store.database import open_database;"
         "c = db_guard.SessionClaim.take(sys.argv[1]) if sys.argv[2] == '1' else None;"
         "db = open_database(sys.argv[1]); print('open', flush=True); sys.stdin.read();"
         "db.dispose()",
         str(path), "1" if claim else "0"],
        cwd=ROOT, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )
    assert child.stdout.readline().strip() == "open"
    _children.append(child)
    return child


def _stop(child: subprocess.Popen) -> None:
    child.stdin.close()
    child.wait(timeout=60)
    _children.remove(child)


_children: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def _stop_children():
    yield
    while _children:
        _stop(_children[-1])


def test_a_command_that_waits_too_long_names_the_window(sqlite_path):
    # The window is in the middle of a long write (an import of a large list).
    window = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from casemanager.store import locks as db_guard; from casemanager.store.database import open_database;"
         "c = db_guard.SessionClaim.take(sys.argv[1]); db = open_database(sys.argv[1]);"
         "conn = db.engine.raw_connection(); conn.execute('BEGIN IMMEDIATE');"
         "print('writing', flush=True); sys.stdin.read(); conn.rollback(); conn.close();"
         "db.dispose()",
         str(sqlite_path)],
        cwd=ROOT, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )
    try:
        assert window.stdout.readline().strip() == "writing"
        result = _cli(sqlite_path, "new", "family_name=Назаров", "given_name=Umid")
    finally:
        window.stdin.close()
        window.wait(timeout=60)
    assert result.returncode == 1
    assert result.stderr == (
        f"casemanager: error: the database is busy: cases.db is open in Case Manager "
        f"(process {window.pid}), which is saving; nothing was saved, try again\n"
    )
    # Nothing half-written; the same command goes through once the window is done.
    assert _cli(sqlite_path, "new", "family_name=Назаров", "given_name=Umid").returncode == 0
    assert _names(sqlite_path) == (["Назаров"], "ok")


# A window in the middle of a save while something in its process reads the -shm (where
# SQLite keeps its writer lock): a second writer must wait, not write beside it.
MID_SAVE = r"""
import sys
from pathlib import Path
from casemanager.store.database import open_database
path = sys.argv[1]
db = open_database(path)
with db.engine.connect() as conn:
    conn.exec_driver_sql("BEGIN IMMEDIATE")
    for i in range(20):
        conn.exec_driver_sql("INSERT INTO settings(key, value) VALUES (?, ?)", (f"window-{i}", "x"))
    Path(path + "-shm").read_bytes()  # drops SQLite's own locks on the -shm in this process
    print("saving", flush=True)
    sys.stdin.readline()
    conn.exec_driver_sql("COMMIT")
print("saved", flush=True)
db.dispose()
"""


def test_a_second_writer_waits_even_when_the_shm_locks_are_dropped(sqlite_path):
    window = subprocess.Popen([sys.executable, "-c", MID_SAVE, str(sqlite_path)], cwd=ROOT,
                              text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert window.stdout.readline().strip() == "saving"
        result = _cli(sqlite_path, "new", "family_name=Исмоилов", "given_name=Bekzod")
        window.stdin.write("go\n")
        window.stdin.flush()
        assert window.stdout.readline().strip() == "saved"
    finally:
        window.stdin.close()
        window.wait(timeout=60)
    assert result.returncode == 1 and "the database is busy" in result.stderr
    assert result.stderr.count("\n") == 1
    conn = sqlite3.connect(sqlite_path)
    try:
        saved = conn.execute("SELECT count(*) FROM settings WHERE key LIKE 'window-%'").fetchone()
        assert saved[0] == 20  # the window's acknowledged save is all there
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_a_symlink_reaches_the_same_claim_and_locks(sqlite_path, tmp_path):
    link = tmp_path / "link.db"
    link.symlink_to(sqlite_path)
    window = _held_elsewhere(sqlite_path, claim=True)
    assert db_guard.SessionClaim.take(link) is None
    assert db_guard.claimed_by(link) == window.pid


def test_a_database_replaced_under_an_open_window_refuses_the_save(sqlite_path, tmp_path):
    db = open_database(str(sqlite_path))
    try:
        first = cases.create_case(db, fields={"family_name": "Каримов", "given_name": "Aziz"})
        copy = tmp_path / "other.db"
        db_guard_copy = sqlite3.connect(sqlite_path)
        db_guard_copy.execute(f"VACUUM INTO '{copy}'")
        db_guard_copy.close()
        # A sync tool puts another copy in its place (delete, then copy in).
        for part in ("", "-wal", "-shm"):
            Path(f"{sqlite_path}{part}").unlink(missing_ok=True)
        copy.rename(sqlite_path)
        with pytest.raises(DatabaseError, match="cases.db was replaced or removed since it "
                                                "was opened; nothing was saved"):
            cases.update_case(db, first.reference, fields={"rank": "private"},
                              expected_version=first.version)
    finally:
        db.dispose()


def test_a_file_that_is_not_ours_is_left_as_it_was(tmp_path):
    other = tmp_path / "passwd"
    other.write_text("root:x:0:0:root:/root:/bin/bash\n")
    other.chmod(0o644)
    result = _cli(other, "list")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert oct(other.stat().st_mode & 0o777) == "0o644"  # not tightened: not ours
    assert sorted(p.name for p in tmp_path.iterdir()) == ["passwd"]  # nothing beside it
