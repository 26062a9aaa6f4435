"""No command writes its output over the database it works on (finding 1 of issue 20's
tester: `send -o cases.db` replaced the database with the bundle, exit 0).

Every writer of a file the user names asks `safe_files.check_output`, which knows the
open database's files: the database itself, its -wal/-shm/-journal, its key file, its
lock, and the backups already made of it, however the name is written (relative, a
symlink, a hard link)."""

from __future__ import annotations

import hashlib
import os
import shutil

import pytest
from dossier_case import make_case

from casemanager.bundles import keys
from casemanager.services.cases import get_case
from casemanager.store.database import open_database
from casemanager.system.safe_files import check_output


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def org(sqlite_db, sqlite_path, sqlite_template, tmp_path):
    """Our database with a case (an appeal too), a key pair and a partner's key."""
    ref = make_case(sqlite_db)
    appeal = get_case(sqlite_db, ref).appeals[0].id
    keys.init_keys(sqlite_db, user_id="Bishkek")
    shutil.copy(sqlite_template, tmp_path / "kyiv.db")
    kyiv = open_database(str(tmp_path / "kyiv.db"))
    keys.init_keys(kyiv, user_id="Kyiv")
    keys.add_partner_key(sqlite_db, keys.export_public_key(kyiv).encode(), name="Kyiv")
    kyiv.dispose()
    # The WAL folded in, so the file's bytes say whether anything wrote over it.
    with sqlite_db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return sqlite_path, ref, appeal


def test_no_command_writes_over_the_database_or_its_files(org, cli, tmp_path):
    path, ref, appeal = org
    (tmp_path / "link.db").symlink_to(path)
    os.link(path, tmp_path / "hard.db")
    relative = os.path.relpath(path)
    wal = f"{path}-wal"
    attempts = [
        ("send", ref, "--to", "Kyiv", "-o", str(path)),
        ("send", ref, "--to", "Kyiv", "-o", relative),
        ("send", ref, "--to", "Kyiv", "-o", wal),
        ("send", ref, "--to", "Kyiv", "-o", str(tmp_path / "link.db")),
        ("export", "-o", str(path)),
        ("export", "--format", "xlsx", "-o", str(tmp_path / "hard.db")),
        ("dossier", ref, "-o", str(path)),
        ("letter", str(appeal), "-o", str(path)),
        ("backup", "-o", wal),
        ("backup", "-o", f"{path}-journal"),
        ("keys", "export", "-o", str(path)),
        ("stats", "--pdf", str(path)),
        ("audit", "-o", str(path)),
    ]
    before = _digest(path)
    for args in attempts:
        result = cli(*args, db=str(path))
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr, (args, result.stderr)
        assert "open database" in lines[0] and "choose another file name" in lines[0], lines
        assert _digest(path) == before, args
    checked = cli("check", db=str(path))
    assert checked.returncode == 0 and "Integrity: ok" in checked.stdout, checked.stderr
    # The refusals are about these names only: beside the database, files are written.
    done = cli("send", ref, "--to", "Kyiv", "-o", str(tmp_path / "cases.db.pgp"),
               db=str(path))
    assert done.returncode == 0, done.stderr
    assert cli("export", "-o", str(tmp_path / "cases.db.csv"), db=str(path)).returncode == 0


def test_the_key_file_and_backups_are_refused_and_the_check_follows_the_database(
        sqlite_db, sqlite_path, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))  # the backups go there
    keyfile = tmp_path / "cases.db.keys"
    with pytest.raises(Exception, match="own files"):
        check_output(keyfile)
    with pytest.raises(Exception, match="is the open database"):
        check_output(tmp_path / "sub" / ".." / "cases.db")
    from casemanager.store.backup import rotate_backups
    from casemanager.system.paths import backups_dir

    made = rotate_backups(sqlite_db)  # an automatic backup still goes in its folder
    assert made.parent == backups_dir(sqlite_db)
    with pytest.raises(Exception, match="own files"):
        check_output(made)
    # Another database's name, or this one's once it is closed, is an ordinary file.
    assert check_output(tmp_path / "other.db") == tmp_path / "other.db"
    sqlite_db.dispose()
    from casemanager.system.safe_files import unguard_database

    unguard_database(sqlite_db)
    assert check_output(sqlite_path) == sqlite_path


def test_a_dash_for_standard_output_is_refused_not_written_as_a_file(org, cli, tmp_path,
                                                                     monkeypatch):
    """`-o -` made a file named "-" (issue 20's re-test): no writer takes standard output,
    so each says so in one line and writes nothing."""
    path, ref, appeal = org
    monkeypatch.chdir(tmp_path)
    for args in [("send", ref, "--to", "Kyiv", "-o", "-"), ("export", "-o", "-"),
                 ("dossier", ref, "-o", "-"), ("letter", str(appeal), "-o", "-"),
                 ("backup", "-o", "-"), ("keys", "export", "-o", "-"),
                 ("stats", "--pdf", "-"), ("audit", "-o", "-")]:
        result = cli(*args, db=str(path))
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 1 and len(lines) == 1, (args, result.stderr)
        assert "standard output ('-')" in lines[0], (args, lines)
        assert not (tmp_path / "-").exists(), args
