"""A full disk under the commands that write whole files, and a damaged key file
(issue 12, item 3).

The disk fills in the real process: RLIMIT_FSIZE, set in the child before it starts,
makes every write past that many bytes fail with EFBIG ("File too large"), as a full
disk fails with ENOSPC. Each command must then say so in one line (status 1, no
report), leave what was there as it was, and leave no temporary, half or stray file.
A damaged key file (bad hex, wrong types, Argon2 costs that would take hours or all the
memory) is refused in one line before any key is derived.
"""

from __future__ import annotations

import json
import resource
from pathlib import Path

import pytest
from cli_run import one_line, run

from casemanager.services import cases
from casemanager.store import sqlcipher as encryption
from casemanager.store.database import open_database
from casemanager.store.key_file import is_encrypted_file, keyfile_path, unlock_key

PASSPHRASE = "correct horse battery"
NEW_PASSPHRASE = "another long passphrase"
SHM = 32 * 1024  # SQLite's shared-memory file must still fit under the limit


def limited(max_bytes: int):
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))
    return cap


@pytest.fixture
def state(tmp_path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def plain(sqlite_template, folder) -> Path:
    """A plain database with one case, larger than the limits used below."""
    path = folder / "cases.db"
    path.write_bytes(sqlite_template.read_bytes())
    db = open_database(str(path))
    cases.create_case(db, fields={"family_name": "Tursunov", "given_name": "Alisher"})
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    assert path.stat().st_size > 200_000
    return path


@pytest.fixture
def encrypted(plain) -> Path:
    encryption.encrypt_database(plain, PASSPHRASE)
    return plain


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_stats_pdf_on_a_full_disk_keeps_the_old_report(plain, folder, state):
    report = folder / "overview.pdf"
    report.write_bytes(b"last month's report")
    before = names(folder)
    result = run("stats", "--pdf", str(report), db=plain, state=state,
                 preexec_fn=limited(SHM + 4096))
    one_line(result, state, "File too large")
    assert report.read_bytes() == b"last month's report"
    assert names(folder) - before <= {"cases.db-wal", "cases.db-shm"}


def test_encrypt_on_a_full_disk_leaves_the_plain_database_as_it_was(plain, folder, state):
    before = names(folder)
    result = run("encrypt", db=plain, state=state, env={"CASEMANAGER_PASSPHRASE": PASSPHRASE},
                 preexec_fn=limited(100_000))
    one_line(result, state, "nothing was changed")
    assert not is_encrypted_file(plain) and not keyfile_path(plain).exists()
    assert names(folder) - before <= {"cases.db-wal", "cases.db-shm"}
    db = open_database(str(plain))
    assert cases.get_case(db, "CM-0001").family_name == "Tursunov"
    db.dispose()


def test_decrypt_on_a_full_disk_leaves_the_encrypted_database_as_it_was(encrypted, folder,
                                                                        state):
    before = names(folder)
    result = run("decrypt", db=encrypted, state=state,
                 env={"CASEMANAGER_PASSPHRASE": PASSPHRASE}, preexec_fn=limited(100_000))
    one_line(result, state, "nothing was changed")
    assert is_encrypted_file(encrypted)
    assert names(folder) - before <= {"cases.db-wal", "cases.db-shm"}
    db = open_database(str(encrypted), passphrase=PASSPHRASE)
    assert cases.get_case(db, "CM-0001").family_name == "Tursunov"
    db.dispose()


def test_passphrase_change_on_a_full_disk_keeps_the_old_key_file(encrypted, folder, state):
    keys = keyfile_path(encrypted).read_bytes()
    before = names(folder)
    result = run("passphrase", db=encrypted, state=state,
                 env={"CASEMANAGER_PASSPHRASE": PASSPHRASE,
                      "CASEMANAGER_NEW_PASSPHRASE": NEW_PASSPHRASE},
                 preexec_fn=limited(len(keys) // 2))
    one_line(result, state, "File too large")
    assert keyfile_path(encrypted).read_bytes() == keys
    assert names(folder) == before
    unlock_key(encrypted, passphrase=PASSPHRASE)  # still the old passphrase


@pytest.mark.parametrize("encrypt", [True, False], ids=["init --encrypt", "init"])
def test_init_on_a_full_disk_leaves_nothing_behind(folder, state, encrypt):
    path = folder / "new.db"
    args = ("init", "--encrypt") if encrypt else ("init",)
    result = run(*args, db=path, state=state, env={"CASEMANAGER_PASSPHRASE": PASSPHRASE},
                 preexec_fn=limited(SHM + 4096))
    one_line(result, state, "new.db")
    assert names(folder) == set()  # no truncated database, no key file without it


# ---------------------------------------------------------------- a damaged key file


def _slot(keys: dict, **changes) -> dict:
    damaged = json.loads(json.dumps(keys))
    damaged["slots"]["passphrase"].update(changes)
    return damaged


@pytest.mark.parametrize(("damage", "needle"), [
    (lambda k: _slot(k, salt="zz" * 16), "salt is not hexadecimal"),
    (lambda k: _slot(k, nonce=12), "nonce is not text"),
    (lambda k: _slot(k, wrapped="00"), "wrapped has 1 bytes"),
    (lambda k: _slot(k, time_cost="3"), "time_cost must be a whole number"),
    (lambda k: _slot(k, parallelism=True), "parallelism must be a whole number"),
    (lambda k: _slot(k, memory_cost=2**40), "memory_cost must be a whole number"),
    (lambda k: _slot(k, time_cost=10**9), "time_cost must be a whole number"),
    (lambda k: {**k, "slots": []}, "no slots"),
    (lambda k: {**k, "slots": {"passphrase": "x"}}, "no passphrase slot"),
], ids=["bad-hex", "nonce-number", "short-wrapped", "cost-text", "cost-bool",
        "huge-memory", "huge-time", "slots-list", "slot-text"])
def test_a_damaged_key_file_is_refused_in_one_line_without_a_hang(encrypted, state, damage,
                                                                   needle):
    keyfile = keyfile_path(encrypted)
    keyfile.write_text(json.dumps(damage(json.loads(keyfile.read_text()))))
    for args in (("list",), ("passphrase",)):
        result = run(*args, db=encrypted, state=state,
                     env={"CASEMANAGER_PASSPHRASE": PASSPHRASE,
                          "CASEMANAGER_NEW_PASSPHRASE": NEW_PASSPHRASE})
        one_line(result, state, needle)


def test_a_key_file_that_is_not_json_is_one_line(encrypted, state):
    keyfile_path(encrypted).write_bytes(b"\xff\x00 not json")
    one_line(run("list", db=encrypted, state=state,
                 env={"CASEMANAGER_PASSPHRASE": PASSPHRASE}), state, "key file")


def test_xlsx_export_on_a_full_disk_is_one_line_and_leaves_nothing(plain, folder, state):
    # openpyxl's half-written zip used to print "Exception ignored … Traceback" after the
    # command's own line.
    assert run("demo", "--cases", "400", "--seed", "7", db=plain, state=state).returncode == 0
    before = names(folder)
    result = run("export", "-o", str(folder / "list.xlsx"), "--format", "xlsx", db=plain,
                 state=state, preexec_fn=limited(SHM + 4096))
    one_line(result, state, "File too large")
    assert names(folder) - before <= {"cases.db-wal", "cases.db-shm"}
