"""An upgrade of an older schema tells its steps, can be stopped, and leaves one copy per
attempt at most (tester of stop 28: 12 s of nothing at 100,000 cases, minutes at a
million; Ctrl-C ignored; a 3.4 GB copy more beside the file at each failed attempt).

Stopped or failed, the database is as it was (schema 0018, every table and row), readable
by the version that made it, and the attempt's copy is gone. The command line says each
step on stderr and Ctrl-C stops it with one line, status 130 (the CLI's "interrupted").
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command

from casemanager.domain.errors import DatabaseError
from casemanager.domain.progress import Cancelled
from casemanager.services import cases
from casemanager.store import upgrade
from casemanager.store.database import SCHEMA_HEAD, alembic_config, open_database

OLD = "0018_list_sort_indexes"
ROOT = Path(__file__).resolve().parents[2]


def older_database(path: Path, count: int = 30) -> None:
    """A database at schema 0018 holding `count` cases (made at head, then downgraded)."""
    db = open_database(str(path), create=True)
    for i in range(count):
        cases.create_case(db, fields={"family_name": f"Турсунов{i}", "given_name": "Алишер"})
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), OLD)
    db.dispose()


def contents(path: Path) -> list[str]:
    """Everything in the file: its schema and every row (the old version reads these)."""
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def copies(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.before-*"))


def stop_when(needle: str, after: int = 1):
    """A progress callable that raises Cancelled at its `after`-th call whose message
    holds `needle` (the first is the step's start, the next ones from inside it)."""
    said: list[str] = []

    def progress(done: int, total: int | None = None, message: str = "") -> None:
        said.append(message)
        if sum(needle in m for m in said) > after:
            raise Cancelled()

    progress.said = said  # type: ignore[attr-defined]
    return progress


def test_cancel_inside_a_statement_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    older_database(path)
    before = contents(path)
    # Held inside the last step's statements until stopped: the stop lands mid-statement.
    monkeypatch.setenv(upgrade.HOLD_ENV, "0021_name_keys_initials")
    progress = stop_when("step 3 of 4")
    with pytest.raises(upgrade.UpgradeStopped, match="unchanged.*0018_list_sort_indexes"):
        open_database(str(path), progress=progress)
    assert any("making a copy" in m for m in progress.said)
    assert contents(path) == before  # 0019 and 0020 rolled back with 0021
    assert copies(path) == []
    # A later attempt goes through, and the cases are all there.
    monkeypatch.delenv(upgrade.HOLD_ENV)
    db = open_database(str(path))
    assert db.revision() == SCHEMA_HEAD and len(copies(path)) == 1
    assert cases.get_case(db, "CM-0030").family_name == "Турсунов29"
    db.dispose()


def test_cancel_between_steps_and_during_the_copy(tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    older_database(path)
    before = contents(path)
    with pytest.raises(upgrade.UpgradeStopped):
        open_database(str(path), progress=stop_when("step 2 of 4", after=0))
    assert contents(path) == before and copies(path) == []
    monkeypatch.setattr(upgrade, "COPY_CHUNK", 4096)  # many pieces: stopped half way
    with pytest.raises(upgrade.UpgradeStopped):
        open_database(str(path), progress=stop_when("making a copy", after=3))
    assert contents(path) == before and copies(path) == []


def test_a_failed_step_undoes_the_earlier_ones_and_removes_its_copy(tmp_path):
    path = tmp_path / "office.db"
    older_database(path)
    with sqlite3.connect(path) as conn:  # 0021's first statement makes this table
        conn.execute("CREATE TABLE name_keys_new (x INTEGER)")
    before = contents(path)
    with pytest.raises(DatabaseError, match="name_keys_new already exists"):
        open_database(str(path))
    assert contents(path) == before  # one transaction: 0019 and 0020 undone too
    assert copies(path) == []


def test_success_keeps_one_copy_and_removes_those_failed_attempts_left(tmp_path):
    path = tmp_path / "office.db"
    older_database(path)
    left = path.with_name(f"{path.name}.before-{OLD}-20261101-120000")
    left.write_bytes(path.read_bytes())  # an earlier version's failed attempt
    earlier = path.with_name(f"{path.name}.before-0017_contact_entries_hidden-20260101-120000")
    earlier.write_bytes(b"an earlier upgrade's copy")
    said = []
    db = open_database(str(path), progress=lambda d, t=None, m="": said.append(m))
    note = db.upgrade_note()
    db.dispose()
    (kept,) = [p for p in copies(path) if p not in (earlier,)]
    assert kept.name.startswith(f"office.db.before-{OLD}-")
    assert not left.exists() and earlier.exists()  # another schema's copy is not ours to drop
    assert str(kept) in note and left.name in note and "delete it once" in note
    with sqlite3.connect(kept) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (OLD,)
    assert [m for m in dict.fromkeys(said) if "step" in m] == [
        "upgrading the database: step 1 of 4 (record numbers never given twice)",
        "upgrading the database: step 2 of 4 (sort keys of names)",
        "upgrading the database: step 3 of 4 (search keys)",
        "upgrading the database: step 4 of 4 (search keys of names with a Latin x)"]


def test_a_copy_that_would_not_fit_is_refused_before_anything_changes(tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    older_database(path)
    earlier = path.with_name(f"{path.name}.before-0017_contact_entries_hidden-20260101-120000")
    earlier.write_bytes(b"an earlier upgrade's copy")
    before = contents(path)
    free = path.stat().st_size  # the copy alone would fit, with the upgrade's room not
    monkeypatch.setattr(upgrade.shutil, "disk_usage",
                        lambda _p: upgrade.shutil._ntuple_diskusage(10**12, 10**12, free))
    with pytest.raises(DatabaseError, match="not enough free space") as refused:
        open_database(str(path))
    assert earlier.name in str(refused.value) and "nothing was changed" in str(refused.value)
    assert contents(path) == before and copies(path) == [earlier]


def _cli(path: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    full = {**os.environ, **(env or {}), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "casemanager", "--db", str(path), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8", env=full)


def test_the_command_line_says_each_step(tmp_path):
    path = tmp_path / "office.db"
    older_database(path)
    run = _cli(path, "show", "CM-0001")
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    lines = err.splitlines()
    (copy,) = copies(path)
    assert lines == [
        f"casemanager: making a copy of the database before upgrading: {copy}",
        "casemanager: upgrading the database: step 1 of 4 (record numbers never given twice)",
        "casemanager: upgrading the database: step 2 of 4 (sort keys of names)",
        "casemanager: upgrading the database: step 3 of 4 (search keys)",
        "casemanager: upgrading the database: step 4 of 4 (search keys of names with a Latin x)",
        f"casemanager: upgraded the database to this version (it was at schema {OLD}); the "
        f"file as it was is kept as {copy} (delete it once you have checked your cases in "
        "this version)"]
    assert "Турсунов0" in out


def test_ctrl_c_stops_the_upgrade_cleanly(tmp_path):
    path = tmp_path / "office.db"
    older_database(path)
    before = contents(path)
    # Held inside the last step (a test-only hook) until Ctrl-C arrives.
    run = _cli(path, "show", "CM-0001", env={upgrade.HOLD_ENV: "0021_name_keys_initials"})
    assert run.stderr is not None
    seen = []
    for line in run.stderr:
        seen.append(line)
        if "step 3 of 4" in line:
            break
    run.send_signal(signal.SIGINT)
    out, rest = run.communicate(timeout=300)
    err = "".join(seen) + rest
    assert run.returncode == 130, err
    assert "Traceback" not in err and out == ""
    # Heard at once (opening runs beside the main thread), then stopped.
    assert err.splitlines()[-2:-1] == ["casemanager: stopping the upgrade…"]
    assert err.splitlines()[-1] == (
        "casemanager: upgrade stopped; the database is unchanged (still at schema "
        f"{OLD}, readable by the version that made it)")
    assert contents(path) == before and copies(path) == []
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)


@pytest.mark.postgres
def test_on_a_server_a_stopped_upgrade_leaves_the_schema_as_it_was(pg_server, monkeypatch):
    import uuid

    from sqlalchemy import inspect

    name = f"t_{uuid.uuid4().hex[:12]}"
    pg_server.admin(f"CREATE DATABASE {name} TEMPLATE cm_template")
    url = pg_server.url(name)
    db = open_database(url)
    cases.create_case(db, fields={"family_name": "Турсунов"})
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), OLD)
    db.dispose()
    try:
        # Stopped inside step 3 (the thread that watches the server's statements) and
        # between steps: either way rolled back, 0019 and 0020 with it.
        for hold, progress in (("0021_name_keys_initials", stop_when("step 3 of 4", after=2)),
                               (None, stop_when("step 3 of 4", after=0))):
            if hold:  # a statement of step 3 runs on the server until cancelled
                monkeypatch.setenv(upgrade.HOLD_ENV, hold)
            else:
                monkeypatch.delenv(upgrade.HOLD_ENV)
            with pytest.raises(upgrade.UpgradeStopped):
                open_database(url, progress=progress)
            check = open_database(url, upgrade=False)
            with check.engine.connect() as conn:
                assert check.revision() == OLD
                columns = {c["name"] for c in inspect(conn).get_columns("cases")}
                assert "family_name_sort" not in columns
                assert "initials" not in {c["name"] for c in inspect(conn).get_columns("name_keys")}
            check.dispose()
        db = open_database(url)
        assert db.revision() == SCHEMA_HEAD and db.upgrade_copy is None
        assert cases.get_case(db, "CM-0001").family_name == "Турсунов"
        db.dispose()
    finally:
        pg_server.admin(f"DROP DATABASE {name} WITH (FORCE)")


def test_a_copy_another_process_is_making_is_never_removed(tmp_path, monkeypatch):
    """Tester: two processes opened one old file in the same second; the one whose
    copy could not be created (the name was taken) removed the other's copy, which the
    other then said was kept."""
    path = tmp_path / "office.db"
    older_database(path)
    before = contents(path)
    theirs = upgrade.copy_name(path, OLD)
    theirs.write_bytes(b"the other process's copy")
    monkeypatch.setattr(upgrade, "copy_name", lambda p, schema, now=None: theirs)
    with pytest.raises(DatabaseError, match="another Case Manager is upgrading"):
        open_database(str(path))
    assert theirs.read_bytes() == b"the other process's copy"
    assert contents(path) == before
