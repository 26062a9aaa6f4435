"""Every file and folder that holds case data is private to its owner (issue 13, item 6).

Files 0600, folders 0700, whatever the umask: the plain database with its -wal and
-shm, automatic backups and their folder, `backup -o`, `audit -o`, `stats --pdf`,
exports, dossiers (one file and one per case), letters, failure reports. The writers
also replace their file all at once (see safe_files.py), which these tests see as no
temporary file left beside it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from cli_run import run

from casemanager.services import cases, records
from casemanager.store.backup import rotate_backups
from casemanager.store.database import open_database
from casemanager.system.safe_files import atomic_writer, make_private, private_dir, write_atomically


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def permissive_umask():
    """The usual 022: what a careless writer's files would get (0644, 0755)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def state(tmp_path) -> Path:
    return tmp_path / "state"


def test_a_new_database_and_its_wal_and_shm_are_private(tmp_path):
    path = tmp_path / "new.db"
    db = open_database(str(path), create=True)
    cases.create_case(db, fields={"family_name": "Tursunov"})
    with db.engine.connect():
        for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            assert mode(part) == 0o600, part
    db.dispose()


def test_an_older_world_readable_database_is_made_private_when_opened(sqlite_path):
    for part in (sqlite_path, Path(f"{sqlite_path}-wal")):
        part.touch()
        part.chmod(0o644)
    db = open_database(str(sqlite_path))
    with db.engine.connect():  # the -wal exists while the database is open
        assert mode(sqlite_path) == 0o600
        assert mode(Path(f"{sqlite_path}-wal")) == 0o600
    db.dispose()


def test_automatic_backups_and_their_folder_are_private(sqlite_db, tmp_path):
    folder = tmp_path / "backups"
    made = rotate_backups(sqlite_db, folder)
    assert mode(folder) == 0o700
    assert mode(made) == 0o600
    # No .partial left; the backup's SHA-256 beside it, private too.
    assert sorted(p.name for p in folder.iterdir()) == [made.name, f"{made.name}.sha256"]
    assert mode(folder / f"{made.name}.sha256") == 0o600


def test_every_output_of_the_command_line_is_private(sqlite_db, sqlite_path, tmp_path, state):
    ref = cases.create_case(sqlite_db, fields={"family_name": "Tursunov"}).reference
    contact = records_contact(sqlite_db, ref)
    appeal = records.add_appeal(sqlite_db, ref, recipient_id=contact, subject="Access")
    sqlite_db.dispose()
    out = tmp_path / "out"
    out.mkdir()
    commands = [
        ("backup", "-o", str(out / "copy.db")),
        ("audit", "--format", "csv", "-o", str(out / "audit.csv")),
        ("stats", "--pdf", str(out / "overview.pdf")),
        ("export", "-o", str(out / "list.xlsx")),
        ("export", "-o", str(out / "list.csv")),
        ("dossier", ref, "-o", str(out / "dossier.pdf")),
        ("dossier", ref, "--per-case-folder", str(out)),
        ("letter", str(appeal), "-o", str(out / "letter.pdf")),
    ]
    for args in commands:
        result = run(*args, db=sqlite_path, state=state)
        assert result.returncode == 0, (args, result.stderr)
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(["copy.db", "copy.db.sha256", "audit.csv", "overview.pdf", "list.xlsx",
                              "list.csv", "dossier.pdf", f"{ref}.pdf", "letter.pdf"])
    assert {p.name: mode(p) for p in out.iterdir()} == {name: 0o600 for name in written}


def records_contact(db, ref: str) -> int:
    from casemanager.services import contacts

    contact = contacts.create_contact(db, fields={"name": "Embassy", "kind": "embassy"})
    contacts.link_contact(db, ref, contact, fields={"relationship": "consular officer"})
    return contact


def test_safe_files_writers_replace_whole_and_private(tmp_path):
    target = tmp_path / "report.txt"
    target.write_text("old")
    target.chmod(0o644)
    with pytest.raises(RuntimeError), atomic_writer(target, "w", encoding="utf-8") as fh:
        fh.write("half")
        raise RuntimeError("the writer failed half-way")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new" and mode(target) == 0o600
    folder = private_dir(tmp_path / "a" / "b")
    assert mode(folder) == 0o700
    shared = tmp_path / "given.txt"
    shared.write_text("x")
    shared.chmod(0o664)
    make_private(shared)
    assert mode(shared) == 0o600
