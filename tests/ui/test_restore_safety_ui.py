"""File > Restore… asks before a backup of another database replaces the open one, and
refuses a backup that changed since it was made (issue 13, items 3 and 9)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from casemanager.services import cases
from casemanager.services.queries import CaseFilter, count_cases
from casemanager.store import backup as bk
from casemanager.store.database import open_database
from ui.context import AppContext
from ui.protect import backup_actions


def database(path: Path, n: int):
    db = open_database(str(path), create=True)
    for i in range(n):
        cases.create_case(db, fields={"family_name": f"Рахимов {i}"})
    return db


def test_restoring_another_databases_backup_asks_first(qtbot, tmp_path, monkeypatch):
    theirs = database(tmp_path / "theirs.db", 3)
    backup = bk.backup(theirs, tmp_path / "theirs-backup.db")
    theirs.dispose()
    ctx = AppContext(database(tmp_path / "ours.db", 5), actor="tester")
    asked, answers = [], [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: (asked.append(a[2]), answers.pop(0))[1])
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)

    assert backup_actions.restore_from(ctx, None, str(backup), confirm=False) is None
    assert "another database" in asked[0] and "cases in it: 3" in asked[0] \
        and "in the open one: 5" in asked[0]
    assert count_cases(ctx.db, CaseFilter()) == 5  # "No": the open database is untouched

    restored = []
    task = backup_actions.restore_from(  # noqa: F841 (kept alive: no parent)
        ctx, None, str(backup), confirm=False, on_done=restored.append)
    qtbot.waitUntil(lambda: bool(restored), timeout=30000)
    assert count_cases(ctx.db, CaseFilter()) == 3
    ctx.db.dispose()


def test_a_changed_backup_is_refused_in_the_gui(tmp_path, monkeypatch):
    ctx = AppContext(database(tmp_path / "ours.db", 2), actor="tester")
    backup = bk.backup(ctx.db, tmp_path / "b.db")
    data = bytearray(backup.read_bytes())
    data[-100] ^= 1
    backup.write_bytes(bytes(data))
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    assert backup_actions.restore_from(ctx, None, str(backup), confirm=False) is None
    assert "SHA-256" in warned[0]
    assert count_cases(ctx.db, CaseFilter()) == 2
    ctx.db.dispose()
