"""Restores and backups an attacker (or an accident) could turn against the data.

Issue 13, items 2, 3, 4, 7 and 9: a plain backup must not downgrade an encrypted
database, a backup of another database must not replace this one unasked, automatic
backups of two `cases.db` must not rotate each other away, an emptied encrypted
database must not be re-created in clear text, and a changed backup must be noticed.
Driven through the command line as a subprocess, with real files.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

from casemanager.services import cases
from casemanager.services.queries import CaseFilter, count_cases
from casemanager.store import backup as bk
from casemanager.store.database import open_database
from casemanager.store.database_identity import database_identity
from casemanager.store.key_file import is_encrypted_file, keyfile_path

PASS = "Наманган restore 2024"
WRONG = "not the passphrase at all"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def n_cases(cli, path: Path, env: dict | None = None) -> str:
    r = cli("check", "--format", "json", db=str(path), env=env)
    assert r.returncode == 0, r.stderr
    return r.stdout


def make(cli, path: Path, n: int, *, encrypt: bool = False) -> dict:
    env = {"CASEMANAGER_PASSPHRASE": PASS} if encrypt else {}
    args = ["init", "--encrypt"] if encrypt else ["init"]
    assert cli(*args, db=str(path), env=env).returncode == 0
    r = cli("demo", "--cases", str(n), db=str(path), env=env)
    assert r.returncode == 0, r.stderr
    return env


# ------------------------------------------------------------------ item 2


def plain_backup_of(cli, enc: Path, tmp_path: Path) -> Path:
    """A plain backup of the encrypted database `enc` itself (same identity): a decrypted
    copy, backed up."""
    copy = tmp_path / "decrypted" / "copy.db"
    copy.parent.mkdir()
    shutil.copy2(enc, copy)
    shutil.copy2(keyfile_path(enc), keyfile_path(copy))
    env = {"CASEMANAGER_PASSPHRASE": PASS}
    assert cli("decrypt", db=str(copy), env=env).returncode == 0
    out = tmp_path / "plain-backup.db"
    r = cli("backup", "-o", str(out), db=str(copy))
    assert r.returncode == 0, r.stderr
    assert not is_encrypted_file(out)
    return out


def test_a_plain_backup_cannot_replace_an_encrypted_database_without_its_passphrase(
        cli, tmp_path):
    enc = tmp_path / "cases.db"
    make(cli, enc, 6, encrypt=True)
    plain = plain_backup_of(cli, enc, tmp_path)
    before, keys_before = digest(enc), digest(keyfile_path(enc))

    r = cli("restore", str(plain), db=str(enc), env={"CASEMANAGER_PASSPHRASE": WRONG})
    assert r.returncode == 1
    assert r.stderr.startswith("casemanager: error:") and "passphrase" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert digest(enc) == before and digest(keyfile_path(enc)) == keys_before
    assert not list(tmp_path.glob("cases.db.replaced-*"))


def test_a_plain_backup_is_restored_encrypted_with_the_same_passphrase(cli, tmp_path):
    enc = tmp_path / "cases.db"
    env = make(cli, enc, 6, encrypt=True)
    plain = plain_backup_of(cli, enc, tmp_path)
    assert cli("demo", "--cases", "2", db=str(enc), env=env).returncode == 0
    keys_before = digest(keyfile_path(enc))

    r = cli("restore", str(plain), db=str(enc), env=env)
    assert r.returncode == 0, r.stderr
    assert "re-encrypted" in r.stdout
    assert is_encrypted_file(enc) and digest(keyfile_path(enc)) == keys_before
    # No name of the plain backup is readable in the restored file.
    conn = sqlite3.connect(plain)
    name = conn.execute("SELECT family_name FROM cases LIMIT 1").fetchone()[0]
    conn.close()
    assert name.encode() in plain.read_bytes()
    assert name.encode() not in enc.read_bytes()
    assert '"cases": 6' in n_cases(cli, enc, env)
    assert not list(tmp_path.glob("cases.db.restoring*"))


def test_an_encrypted_database_needs_its_passphrase_even_for_an_encrypted_backup(cli, tmp_path):
    enc = tmp_path / "cases.db"
    env = make(cli, enc, 4, encrypt=True)
    out = tmp_path / "b.db"
    assert cli("backup", "-o", str(out), db=str(enc), env=env).returncode == 0
    # The backup's own key file opens it with the same passphrase; the database it would
    # replace must still prove the passphrase: here a recovery key that is not its own.
    other = tmp_path / "other.db"
    r = cli("init", "--encrypt", db=str(other), env=env)
    recovery = r.stdout.split("Recovery key (shown only this once):")[1].split()[0]
    before = digest(enc)
    r = cli("--recovery-key", "restore", str(out), db=str(enc),
            env={"CASEMANAGER_RECOVERY_KEY": recovery})
    assert r.returncode == 1 and "recovery key" in r.stderr
    assert digest(enc) == before


# ------------------------------------------------------------------ item 3


def test_a_backup_of_another_database_is_not_restored_without_asking(cli, tmp_path):
    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    make(cli, ours, 20)
    make(cli, theirs, 3)
    backup = tmp_path / "theirs-backup.db"
    assert cli("backup", "-o", str(backup), db=str(theirs)).returncode == 0
    before = digest(ours)

    r = cli("restore", str(backup), db=str(ours))
    assert r.returncode == 1
    assert "another database" in r.stderr and "3 cases" in r.stderr and "20" in r.stderr
    assert "--other-database" in r.stderr
    assert digest(ours) == before

    r = cli("restore", str(backup), "--other-database", db=str(ours))
    assert r.returncode == 0, r.stderr
    assert '"cases": 3' in n_cases(cli, ours)


def test_a_backup_of_this_database_is_restored_without_a_question(cli, tmp_path):
    ours = tmp_path / "ours.db"
    make(cli, ours, 5)
    backup = tmp_path / "b.db"
    assert cli("backup", "-o", str(backup), db=str(ours)).returncode == 0
    assert cli("demo", "--cases", "3", db=str(ours)).returncode == 0
    r = cli("restore", str(backup), db=str(ours))
    assert r.returncode == 0, r.stderr
    assert '"cases": 5' in n_cases(cli, ours)


def test_every_database_gets_its_own_identity_and_its_backups_carry_it(tmp_path):
    a = open_database(str(tmp_path / "a.db"), create=True)
    b = open_database(str(tmp_path / "b.db"), create=True)
    ida, idb = database_identity(a), database_identity(b)
    assert ida and idb and ida != idb and len(ida) == 32
    copy = bk.backup(a, tmp_path / "a-backup.db")
    info = bk.inspect_backup(copy)
    assert info.identity == ida and info.cases == 0 and info.checksum == "ok"
    a.dispose()
    b.dispose()
    assert database_identity(reopened := open_database(str(tmp_path / "a.db"))) == ida
    reopened.dispose()


# ------------------------------------------------------------------ item 4


def test_two_databases_called_cases_db_keep_their_own_automatic_backups(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    dbs = []
    for office in ("kyiv", "tashkent"):
        (tmp_path / office).mkdir()
        db = open_database(str(tmp_path / office / "cases.db"), create=True)
        cases.create_case(db, fields={"family_name": office})
        dbs.append(db)
    first, second = dbs
    mine = [bk.rotate_backups(first, keep=2) for _ in range(2)]
    for _ in range(4):
        bk.rotate_backups(second, keep=2)
    assert all(p.exists() for p in mine)
    assert bk.existing_backups(first) == mine
    assert len(bk.existing_backups(second)) == 2
    assert bk.backups_dir(first) != bk.backups_dir(second)
    assert bk.backups_dir(first).parent == tmp_path / "xdg" / "CaseManager" / "backups"
    for db in dbs:
        db.dispose()


# ------------------------------------------------------------------ item 7


def test_an_emptied_encrypted_database_is_damaged_not_new(cli, tmp_path):
    enc = tmp_path / "cases.db"
    env = make(cli, enc, 3, encrypt=True)
    enc.write_bytes(b"")
    keys = digest(keyfile_path(enc))
    for args in (["check"], ["init"], ["list"], ["init", "--encrypt"]):
        r = cli(*args, db=str(enc), env=env)
        assert r.returncode == 1, (args, r.stdout)
        assert "damaged" in r.stderr and "restore" in r.stderr, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
        assert enc.stat().st_size == 0 and digest(keyfile_path(enc)) == keys


# ------------------------------------------------------------------ item 9


def test_a_changed_byte_in_a_plain_backup_is_found_before_restoring(cli, tmp_path):
    db_path = tmp_path / "cases.db"
    db = open_database(str(db_path), create=True)
    cases.create_case(db, fields={"family_name": "Юсупов", "given_name": "Bakhrom"})
    backup = bk.backup(db, tmp_path / "b.db")
    db.dispose()
    sidecar = Path(f"{backup}.sha256")
    assert sidecar.read_text() == f"{digest(backup)}  b.db\n"  # `sha256sum -c` reads it

    data = backup.read_bytes()
    assert "Юсупов".encode() in data
    # Changed in the row and in its index entry alike, as an editor of the file would.
    backup.write_bytes(data.replace("Юсупов".encode(), "Юсупав".encode()))
    conn = sqlite3.connect(backup)  # SQLite itself sees nothing wrong
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()

    before = digest(db_path)
    r = cli("restore", str(backup), db=str(db_path))
    assert r.returncode == 1 and "SHA-256" in r.stderr and "changed" in r.stderr
    assert digest(db_path) == before


def test_a_backup_without_a_checksum_is_restored_with_a_warning(cli, tmp_path):
    db_path = tmp_path / "cases.db"
    make(cli, db_path, 2)
    backup = tmp_path / "b.db"
    assert cli("backup", "-o", str(backup), db=str(db_path)).returncode == 0
    Path(f"{backup}.sha256").unlink()
    r = cli("restore", str(backup), db=str(db_path))
    assert r.returncode == 0, r.stderr
    assert "no SHA-256" in r.stderr


def test_automatic_backups_have_checksums_and_rotation_removes_them(sqlite_db, tmp_path):
    made = [bk.rotate_backups(sqlite_db, tmp_path / "auto", keep=1) for _ in range(2)]
    assert not made[0].exists() and not Path(f"{made[0]}.sha256").exists()
    assert Path(f"{made[1]}.sha256").read_text().split()[0] == digest(made[1])
    assert count_cases(sqlite_db, CaseFilter()) == 0


def private_home(tmp_path: Path, monkeypatch) -> dict[str, str]:
    """The user's data, config and state folders under `tmp_path`, for this process and
    as the environment of the command lines it runs (where automatic backups go)."""
    home = tmp_path / "home"
    env = {"XDG_DATA_HOME": str(home), "XDG_CONFIG_HOME": str(home / "conf"),
           "XDG_STATE_HOME": str(home / "state")}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def test_encrypting_leaves_no_older_copy_readable(cli, tmp_path, monkeypatch):
    """Tester: after `encrypt`, the automatic backups the window had made before (and the
    file kept before an upgrade) still held the family's phone in clear text, until ten
    newer backups pushed them out. Now each is encrypted under the same key (and still
    restores with the passphrase); a killed backup's .partial is erased."""
    env = private_home(tmp_path, monkeypatch)
    path = tmp_path / "cases.db"
    phone = "+998 97 123 98 76"
    assert cli("init", db=str(path), env=env).returncode == 0
    db = open_database(str(path))
    ref = cases.create_case(db, fields={"family_name": "Абдурахмонов",
                                        "person_to_inform": f"Мать, {phone}"}).reference
    made = [bk.rotate_backups(db), bk.rotate_backups(db)]
    db.dispose()
    before = path.with_name("cases.db.before-0018_list_sort_indexes-20261130-210803")
    shutil.copy(path, before)
    partial = made[0].with_name(made[0].name.replace(".db", "-1.db") + ".partial")
    shutil.copy(path, partial)
    plain = [made[0], made[1], before, partial]
    assert all(phone.encode() in p.read_bytes() for p in plain)

    r = cli("encrypt", db=str(path), env={**env, "CASEMANAGER_PASSPHRASE": PASS})
    assert r.returncode == 0, r.stderr
    assert "3 older unencrypted copies" in r.stdout and str(made[0]) in r.stdout
    assert "Erased 1 unfinished" in r.stdout
    leaks = [p for p in tmp_path.rglob("*") if p.is_file() and phone.encode() in p.read_bytes()]
    assert leaks == []
    assert not partial.exists()
    for copy in (made[0], made[1], before):
        assert is_encrypted_file(copy) and keyfile_path(copy).exists()
    assert bk.checksum_status(made[0]) == "ok"  # written again for the encrypted bytes

    r = cli("restore", str(made[0]), db=str(path), env={**env, "CASEMANAGER_PASSPHRASE": PASS})
    assert r.returncode == 0, r.stderr
    shown = cli("show", ref, "--format", "json", db=str(path),
                env={**env, "CASEMANAGER_PASSPHRASE": PASS})
    assert shown.returncode == 0 and phone in shown.stdout, shown.stderr


def test_encrypting_a_moved_database_finds_its_earlier_backups(cli, tmp_path, monkeypatch):
    """Tester 2: the backups' folder is named after the file's path; a database moved or
    renamed, then encrypted, left the backups made under its old name in clear text."""
    env = private_home(tmp_path, monkeypatch)
    old = tmp_path / "k2.db"
    phone = "+998 90 555 12 34"
    assert cli("init", db=str(old), env=env).returncode == 0
    db = open_database(str(old))
    cases.create_case(db, fields={"family_name": "Zebrowski", "person_to_inform": phone})
    made = bk.rotate_backups(db)
    db.dispose()
    (tmp_path / "moved").mkdir()
    new = tmp_path / "moved" / "cases.db"
    old.rename(new)
    r = cli("encrypt", db=str(new), env={**env, "CASEMANAGER_PASSPHRASE": PASS})
    assert r.returncode == 0, r.stderr
    assert str(made) in r.stdout
    assert is_encrypted_file(made)
    assert [p for p in tmp_path.rglob("*") if p.is_file() and phone.encode() in p.read_bytes()] == []
