"""The window opens an older database off the GUI thread: a progress dialog names each
step of the upgrade, the window keeps answering, and Cancel stops it, the database as it
was and the attempt's copy removed (tester of stop 28: a black window for 12 s at
100,000 cases, minutes at a million, no way out)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from casemanager.services import cases
from casemanager.store import upgrade
from casemanager.store.database import SCHEMA_HEAD, alembic_config, open_database
from ui.protect import opening

OLD = "0018_list_sort_indexes"


def _older_database(path: Path) -> None:
    db = open_database(str(path), create=True)
    for i in range(20):
        cases.create_case(db, fields={"family_name": f"Турсунов{i}"})
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), OLD)
    db.dispose()


def _contents(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def _when(condition, then) -> QTimer:
    """Call `then()` once `condition()` holds, checked by a timer of the GUI thread
    (open_with_progress waits in its own event loop meanwhile)."""
    timer = QTimer()
    timer.setInterval(20)

    def check() -> None:
        if condition():
            timer.stop()
            then()

    timer.timeout.connect(check)
    timer.start()
    return timer


def _in_step_three() -> bool:
    task = opening.current
    text = task.dialog.labelText() if task is not None else ""
    return task is not None and task.dialog.isVisible() and task.dialog.maximum() == 0 \
        and ("step 3 of 4" in text or "шаг 3 из 4" in text)


def test_cancel_in_the_progress_dialog_stops_the_upgrade(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    _older_database(path)
    before = _contents(path)
    monkeypatch.setenv(upgrade.HOLD_ENV, "0021_name_keys_initials")  # held inside step 3
    seen: dict[str, object] = {}
    ticks = []
    beat = QTimer()
    beat.timeout.connect(lambda: ticks.append(1))
    beat.start(10)

    def press_cancel() -> None:
        task = opening.current
        assert task is not None
        seen["label"] = task.dialog.labelText()
        seen["ticks"] = len(ticks)  # the GUI thread ran its timers during the upgrade
        (button,) = task.dialog.findChildren(QPushButton)
        button.click()
        seen["after"] = task.dialog.labelText()
        seen["enabled"] = button.isEnabled()

    waiting = _when(_in_step_three, press_cancel)
    with pytest.raises(upgrade.UpgradeStopped):
        opening.open_with_progress(str(path))
    waiting.stop()
    beat.stop()
    assert seen["label"] == "Upgrading the database: step 3 of 4 (search keys)…"
    assert seen["ticks"] > 0
    assert seen["after"] == "Cancelling…" and seen["enabled"] is False
    assert _contents(path) == before
    assert list(tmp_path.glob("office.db.before-*")) == []
    assert opening.current is None


def test_the_stop_is_told_plainly(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    _older_database(path)
    monkeypatch.setenv(upgrade.HOLD_ENV, "0021_name_keys_initials")
    waiting = _when(_in_step_three, lambda: opening.current.dialog.canceled.emit())
    with pytest.raises(upgrade.UpgradeStopped) as stopped:
        opening.open_with_progress(str(path))
    waiting.stop()
    told: list[tuple[str, str]] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        told.append((box.text(), box.informativeText()))
        box.accept()

    closing = _when(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox),
                    read_and_close)
    opening.tell_stopped(None, stopped.value)
    closing.stop()
    ((text, more),) = told
    assert text == ("Upgrade stopped; the database is unchanged (still at schema "
                    f"{OLD}, readable by the version that made it).")
    assert more.startswith("The copy made for this attempt was removed.")


def test_the_dialog_speaks_russian(qtbot, tmp_path, monkeypatch, russian):
    path = tmp_path / "office.db"
    _older_database(path)
    monkeypatch.setenv(upgrade.HOLD_ENV, "0021_name_keys_initials")
    seen = []

    def read_and_cancel() -> None:
        seen.append(opening.current.dialog.labelText())
        opening.current.dialog.canceled.emit()

    waiting = _when(_in_step_three, read_and_cancel)
    with pytest.raises(upgrade.UpgradeStopped):
        opening.open_with_progress(str(path))
    waiting.stop()
    assert seen == ["Обновление базы данных: шаг 3 из 4 (ключи поиска)…"]


def test_an_upgrade_that_is_let_run_opens_the_database(qtbot, tmp_path):
    path = tmp_path / "office.db"
    _older_database(path)
    db = opening.open_with_progress(str(path))
    try:
        assert db.revision() == SCHEMA_HEAD and db.upgraded_from == OLD
        (copy,) = tmp_path.glob(f"office.db.before-{OLD}-*")
        assert db.upgrade_copy == copy
        assert cases.get_case(db, "CM-0001").family_name == "Турсунов0"
    finally:
        db.dispose()


def test_the_application_opens_an_older_database_where_cancel_reaches(qtbot, tmp_path,
                                                                      monkeypatch):
    """`casemanager gui` on an older file: Cancel in the dialog ends the start-up, the file
    as it was and no copy beside it (it upgraded on the GUI thread, with nothing to see
    and no way out)."""
    from ui import app

    path = tmp_path / "office.db"
    _older_database(path)
    before = _contents(path)
    monkeypatch.setenv(upgrade.HOLD_ENV, "0021_name_keys_initials")
    told = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: told.append(box.objectName()))
    waiting = _when(_in_step_three, lambda: opening.current.dialog.canceled.emit())
    assert app.run(str(path)) == 0
    waiting.stop()
    assert told == ["upgrade_stopped"]
    assert _contents(path) == before
    assert list(tmp_path.glob("office.db.before-*")) == []
