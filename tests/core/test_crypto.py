"""Encryption at rest: SQLCipher files, key file, passphrase, recovery key, conversions."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from casemanager.domain.errors import DatabaseError
from casemanager.services import attachments, cases
from casemanager.store import key_file as crypto
from casemanager.store import sqlcipher as encryption
from casemanager.store.database import open_database
from casemanager.store.key_file import PassphraseRequired, WrongPassphrase

PASS = "Ташкент 2024 spring"
SECRETS = ("Абдуллаев", "Rustamovich", "встреча с адвокатом", "SECRET-PHOTO-BYTES")


def fill(db) -> str:
    case = cases.create_case(db, fields={
        "family_name": "Абдуллаев", "given_name": "Rustam", "patronymic": "Rustamovich",
        "notes": "встреча с адвокатом в марте", "date_of_birth": "1994-03",
    })
    attachments.add_attachment(db, case.reference, filename="photo.jpg",
                               data=b"\xff\xd8 SECRET-PHOTO-BYTES " * 200)
    return case.reference


def leaks(folder: Path) -> dict[str, list[str]]:
    """Which known secrets appear in the raw bytes of which files of `folder`."""
    found: dict[str, list[str]] = {}
    for f in sorted(folder.rglob("*")):
        if f.is_file():
            raw = f.read_bytes()
            hits = [s for s in SECRETS if s.encode("utf-8") in raw or s.encode("utf-16-le") in raw]
            if hits:
                found[f.name] = hits
    return found


@pytest.fixture
def enc_path(tmp_path) -> Path:
    path = tmp_path / "data" / "cases.db"
    path.parent.mkdir()
    keys = encryption.create_encrypted(path, PASS)
    open_database(str(path), create=True, key=keys.db_key).dispose()
    (tmp_path / "recovery.txt").write_text(keys.recovery_key)
    return path


def recovery_of(path: Path) -> str:
    return (path.parent.parent / "recovery.txt").read_text()


def test_plain_database_shows_the_text_the_encrypted_one_hides(sqlite_path, enc_path):
    # The scan itself must be able to fail: on a plain database it finds the names.
    plain = open_database(str(sqlite_path))
    fill(plain)
    assert "Абдуллаев" in str(leaks(sqlite_path.parent))
    plain.dispose()

    db = open_database(str(enc_path), passphrase=PASS)
    ref = fill(db)
    # Scanned while open: the WAL and shared-memory files hold the latest writes.
    assert Path(f"{enc_path}-wal").stat().st_size > 0
    assert leaks(enc_path.parent) == {}
    assert cases.get_case(db, ref).family_name == "Абдуллаев"
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # MEMORY
        assert conn.exec_driver_sql("PRAGMA cipher_version").scalar()
    db.dispose()
    assert leaks(enc_path.parent) == {}
    assert enc_path.read_bytes()[:16] != crypto.SQLITE_HEADER


def test_wrong_passphrase_fails_at_open_with_one_message(enc_path):
    with pytest.raises(WrongPassphrase, match="wrong passphrase"):
        open_database(str(enc_path), passphrase="not the passphrase")
    with pytest.raises(PassphraseRequired):
        open_database(str(enc_path))


def test_recovery_key_unlocks_and_survives_a_passphrase_change(enc_path):
    db = open_database(str(enc_path), passphrase=PASS)
    ref = fill(db)
    db.dispose()
    before = hashlib.sha256(enc_path.read_bytes()).hexdigest()
    key = crypto.unlock_key(enc_path, recovery_key=recovery_of(enc_path).lower())
    crypto.change_passphrase(enc_path, key, "a new passphrase")
    # Instant: only the key file changed, not one byte of the database.
    assert hashlib.sha256(enc_path.read_bytes()).hexdigest() == before
    with pytest.raises(WrongPassphrase):
        open_database(str(enc_path), passphrase=PASS)
    for kw in ({"passphrase": "a new passphrase"}, {"recovery_key": recovery_of(enc_path)}):
        db = open_database(str(enc_path), **kw)
        assert cases.get_case(db, ref).given_name == "Rustam"
        db.dispose()
    with pytest.raises(WrongPassphrase):
        crypto.unlock_key(enc_path, recovery_key=crypto.format_recovery_key(b"\x01" * 32))
    with pytest.raises(WrongPassphrase, match="not a recovery key"):
        crypto.unlock_key(enc_path, recovery_key="1234")


def test_missing_key_file_is_a_clear_error(enc_path):
    crypto.keyfile_path(enc_path).rename(enc_path.with_name("elsewhere"))
    with pytest.raises(DatabaseError, match="key file cases.db.keys is missing"):
        open_database(str(enc_path), passphrase=PASS)


def test_a_driver_that_ignores_the_key_is_refused(enc_path, monkeypatch):
    # The standard library's sqlite3 accepts PRAGMA key and silently does nothing.
    monkeypatch.setattr(encryption, "sqlcipher", sqlite3)
    with pytest.raises(DatabaseError, match="does not encrypt"):
        open_database(str(enc_path), passphrase=PASS)


def test_tampering_is_detected(enc_path):
    db = open_database(str(enc_path), passphrase=PASS)
    for i in range(40):
        cases.create_case(db, fields={"family_name": f"Каримов {i}", "notes": "x" * 2000})
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    key = db.key.get()
    db.dispose()
    assert encryption.cipher_integrity_check(enc_path, key) == []
    raw = bytearray(enc_path.read_bytes())
    page = 4096 * 5 + 1000  # inside page 6
    raw[page : page + 8] = bytes(b ^ 0x5A for b in raw[page : page + 8])
    enc_path.write_bytes(bytes(raw))
    problems = encryption.cipher_integrity_check(enc_path, key)
    assert problems and "6" in " ".join(problems)


def test_new_passphrase_too_short_is_refused(tmp_path):
    with pytest.raises(DatabaseError, match="at least 8"):
        encryption.create_encrypted(tmp_path / "x.db", "short")
    assert not (tmp_path / "x.db.keys").exists()


def test_encrypt_then_decrypt_by_command_line(cli, sqlite_path):
    db = open_database(str(sqlite_path))
    ref = fill(db)
    db.dispose()
    env = {"CASEMANAGER_PASSPHRASE": PASS}
    r = cli("encrypt", db=str(sqlite_path), env=env)
    assert r.returncode == 0, r.stderr
    recovery = r.stdout.split("once):")[1].split()[0]
    assert len(recovery.split("-")) == 13
    assert leaks(sqlite_path.parent) == {}  # the plain file and its WAL are gone
    assert sorted(p.name for p in sqlite_path.parent.iterdir()) == ["cases.db", "cases.db.keys"]

    r = cli("show", ref, "--format", "json", db=str(sqlite_path), env=env)
    assert r.returncode == 0 and "Абдуллаев" in r.stdout
    r = cli("show", ref, db=str(sqlite_path), env={"CASEMANAGER_PASSPHRASE": "nope nope"})
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "wrong passphrase" in r.stderr
    r = cli("show", ref, db=str(sqlite_path), env={"CASEMANAGER_PASSPHRASE": ""}, input="")
    assert r.returncode == 1 and "CASEMANAGER_PASSPHRASE" in r.stderr
    r = cli("--recovery-key", "show", ref, db=str(sqlite_path),
            env={"CASEMANAGER_PASSPHRASE": "", "CASEMANAGER_RECOVERY_KEY": recovery})
    assert r.returncode == 0, r.stderr

    r = cli("passphrase", db=str(sqlite_path),
            env={**env, "CASEMANAGER_NEW_PASSPHRASE": "second passphrase"})
    assert r.returncode == 0, r.stderr
    r = cli("decrypt", db=str(sqlite_path), env={"CASEMANAGER_PASSPHRASE": "second passphrase"})
    assert r.returncode == 0, r.stderr
    assert sqlite_path.read_bytes()[:16] == crypto.SQLITE_HEADER
    assert not crypto.keyfile_path(sqlite_path).exists()
    r = cli("show", ref, "--format", "json", db=str(sqlite_path), env={"CASEMANAGER_PASSPHRASE": ""})
    assert r.returncode == 0 and "Абдуллаев" in r.stdout


def test_init_encrypt_and_no_temporary_files(cli, tmp_path):
    path = tmp_path / "db" / "new.db"
    path.parent.mkdir()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = {"CASEMANAGER_PASSPHRASE": PASS, "TMPDIR": str(scratch), "SQLITE_TMPDIR": str(scratch)}
    r = cli("init", "--encrypt", db=str(path), env=env)
    assert r.returncode == 0, r.stderr
    assert "Recovery key" in r.stdout
    r = cli("demo", "--cases", "300", db=str(path), env=env)
    assert r.returncode == 0, r.stderr
    r = cli("list", "--format", "json", db=str(path), env=env)  # sorts: temp b-trees in memory
    assert r.returncode == 0 and r.stdout.count('"reference"') == 300
    assert list(scratch.iterdir()) == []
    raw = path.read_bytes()
    assert b"Embassy of" not in raw
    r = cli("init", "--encrypt", db=str(path), env=env)
    assert r.returncode == 1 and "already exists" in r.stderr


def test_check_command_reports_tampering(cli, enc_path):
    env = {"CASEMANAGER_PASSPHRASE": PASS}
    db = open_database(str(enc_path), passphrase=PASS)
    for i in range(40):
        cases.create_case(db, fields={"family_name": f"Юлдашев {i}", "notes": "z" * 3000})
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    r = cli("check", db=str(enc_path), env=env)
    assert r.returncode == 0 and "Integrity: ok" in r.stdout
    raw = bytearray(enc_path.read_bytes())
    spot = len(raw) - 4096 * 3 + 500  # a data page near the end
    raw[spot] ^= 0xFF
    enc_path.write_bytes(bytes(raw))
    r = cli("check", db=str(enc_path), env=env)
    assert r.returncode == 1 and r.stderr.count("\n") == 1
    assert "tampered with" in r.stderr and "restore the newest backup" in r.stderr
