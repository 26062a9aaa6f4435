"""Backups run on a lane of their own: the case list, its searches and the window's saves
go on while one runs (tester: the daily backup held them 4½ minutes at a million cases,
rows "…"), and the copy is one snapshot of the database, never half of a save."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from editor_helpers import field, settle, type_into
from PySide6.QtCore import QSettings, Qt

from casemanager.services import cases
from casemanager.services.queries import CaseFilter, count_cases
from casemanager.store import backup as core
from casemanager.store import sqlcipher as encryption
from casemanager.store.database import open_database
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.protect import backup_actions

PASS = "Osh backups 2025"


class Gate:
    """Holds a backup in the middle of its copy (after its first step) until released:
    a backup as long as a million cases' without a file that large, and no timing."""

    def __init__(self, monkeypatch) -> None:
        self.halfway, self.release = threading.Event(), threading.Event()
        monkeypatch.setattr(core, "PAGES_PER_STEP", 4)  # many steps
        real = core.backup

        def gated(db, dest, progress=core.no_progress):
            def step(done, total=None, message=""):
                progress(done, total, message)
                if done > 0 and not self.release.is_set():
                    self.halfway.set()
                    self.release.wait(60)
            return real(db, dest, step)

        monkeypatch.setattr(core, "backup", gated)


def _database(tmp_path: Path, encrypted: bool):
    path = tmp_path / "cases.db"
    if encrypted:
        keys = encryption.create_encrypted(path, PASS)
        db = open_database(str(path), create=True, key=keys.db_key)
    else:
        db = open_database(str(path), create=True)
    for i in range(40):
        cases.create_case(db, fields={"family_name": f"Karimov {i}", "given_name": "Rustam",
                                      "notes": "записка " * 40})
    return db


def _window(qtbot, db, tmp_path, shown: int = 40) -> MainWindow:
    ctx = AppContext(db=db, actor="anna", settings=QSettings(
        str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.case_list.model.shown_count == shown, timeout=10_000)
    return window


def _backup_copy(tmp_path: Path, key: bytes | None):
    found = list((tmp_path / "xdg" / "CaseManager" / "backups").glob("*/*.db"))
    assert len(found) == 1 and not list(found[0].parent.glob("*.partial"))
    conn = (encryption.connect_encrypted(found[0], key) if key is not None
            else sqlite3.connect(found[0]))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = {r[0] for r in conn.execute("SELECT family_name FROM cases")}
    finally:
        conn.close()
    return found[0], names


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_the_daily_backup_holds_neither_the_case_list_nor_a_save(
        qtbot, tmp_path, monkeypatch, encrypted):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    db = _database(tmp_path, encrypted)
    gate = Gate(monkeypatch)
    try:
        window = _window(qtbot, db, tmp_path)
        ctx = window.ctx
        editor = window.open_case(None)  # a new case, to be saved mid-backup
        settle(qtbot)
        timer = backup_actions.install_daily_backup(window, ctx)
        qtbot.waitUntil(gate.halfway.is_set, timeout=30_000)
        task = timer.task

        # A search of the case list reads while the backup is in the middle of its copy.
        window.case_list.filter_bar.search.setText("Karimov 17")
        model = window.case_list.model
        qtbot.waitUntil(lambda: model.case_filter.query == "Karimov 17"
                        and model.shown_count == 1, timeout=10_000)
        # A save from the window completes meanwhile.
        type_into(qtbot, field(editor, "family_name"), "Saved During Backup")
        outcome: list[bool] = []
        editor.save_finished.connect(outcome.append)
        assert editor.save()
        qtbot.waitUntil(lambda: bool(outcome), timeout=10_000)
        assert outcome == [True]
        assert not task.finished  # the backup is still in the middle of its copy
        assert count_cases(db, CaseFilter()) == 41
        # Its dialog is there, with Cancel, and does not shut the window out.
        assert task.dialog.windowModality() == Qt.WindowModality.NonModal
    finally:
        gate.release.set()
    qtbot.waitUntil(lambda: task.finished, timeout=60_000)
    assert task.state == "done", task.failure
    settle(qtbot)
    # The copy is the database as it was when the backup began: without the case saved
    # meanwhile, and never half of it; an encrypted one opens with its passphrase.
    path, names = _backup_copy(tmp_path, db.key.get() if encrypted else None)
    assert len(names) == 40 and "Saved During Backup" not in names
    if encrypted:
        assert b"Karimov" not in path.read_bytes()
        backup = open_database(str(path), passphrase=PASS)
        try:
            assert count_cases(backup, CaseFilter()) == 40
        finally:
            backup.dispose()
    timer.stop()


def test_back_up_now_runs_on_the_backup_lane_and_stays_modal(qtbot, tmp_path, monkeypatch):
    """The backup a caseworker asks for: what the window queued is not held behind it
    (it runs on the lane), and its dialog still waits for its answer (modal)."""
    db = _database(tmp_path, False)
    gate = Gate(monkeypatch)
    try:
        window = _window(qtbot, db, tmp_path)
        done: list[Path] = []
        task = backup_actions.back_up_now(window.ctx, window, str(tmp_path / "now.db"),
                                          on_done=done.append)
        assert task is not None
        qtbot.waitUntil(gate.halfway.is_set, timeout=30_000)
        assert task.worker is window.ctx.maintenance
        assert task.dialog.windowModality() == Qt.WindowModality.WindowModal
        window.case_list.refresh()
        qtbot.waitUntil(lambda: window.case_list.model.shown_count == 40, timeout=10_000)
        assert not task.finished
    finally:
        gate.release.set()
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    settle(qtbot)
    conn = sqlite3.connect(done[0])
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_closing_cancels_a_running_daily_backup_and_keeps_no_half_file(
        qtbot, tmp_path, monkeypatch):
    """The window closes while the daily backup copies: it is cancelled (the backup on
    close follows and is newer), its `.partial` file removed; no file that looks like a
    finished backup is left half written."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    db = _database(tmp_path, False)
    gate = Gate(monkeypatch)
    try:
        window = _window(qtbot, db, tmp_path)
        timer = backup_actions.install_daily_backup(window, window.ctx)
        qtbot.waitUntil(gate.halfway.is_set, timeout=30_000)
        folder = next((tmp_path / "xdg" / "CaseManager" / "backups").iterdir())
        assert {p.name.split(".db")[-1] for p in folder.iterdir()} <= {".partial",
                                                                      ".partial-journal"}
        timer.stop()
        task = timer.task
        # The copy goes on to its next step once Cancel was pressed, and no sooner.
        threading.Thread(target=lambda: (task.cancel_event.wait(60), gate.release.set()),
                         daemon=True).start()
        backup_actions.end_backups(window.ctx)  # the application's exit
    finally:
        gate.release.set()
    assert task.cancel_event.is_set() and window.ctx.maintenance.stopped
    assert list(folder.iterdir()) == []
    qtbot.waitUntil(lambda: timer.task.finished, timeout=10_000)
    assert timer.task.state == "cancelled"
    made = backup_actions.backup_on_close(window.ctx)  # what closing does next
    assert made is not None and made.exists()
    window.ctx.worker.stop()


def test_a_restore_cancels_a_running_daily_backup_and_waits_for_it(qtbot, tmp_path,
                                                                  monkeypatch):
    """A restore replaces the very file the daily backup reads: the backup is cancelled
    (no half file), and the file is replaced only once its lane has stopped."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    db = _database(tmp_path, False)
    saved = core.backup(db, tmp_path / "saved.db")
    cases.create_case(db, fields={"family_name": "After the saved backup"})
    gate = Gate(monkeypatch)
    try:
        window = _window(qtbot, db, tmp_path, shown=41)
        timer = backup_actions.install_daily_backup(window, window.ctx)
        qtbot.waitUntil(gate.halfway.is_set, timeout=30_000)
        task = timer.task
        threading.Thread(target=lambda: (task.cancel_event.wait(60), gate.release.set()),
                         daemon=True).start()
        restored: list[object] = []
        restore = backup_actions.restore_from(window.ctx, window, str(saved), confirm=False,
                                              on_done=restored.append)
        assert restore is not None
        qtbot.waitUntil(lambda: bool(restored), timeout=60_000)
    finally:
        gate.release.set()
    settle(qtbot)
    assert task.state == "cancelled" and restore.state == "done"
    assert count_cases(window.ctx.db, CaseFilter()) == 40
    folder = next((tmp_path / "xdg" / "CaseManager" / "backups").iterdir())
    assert list(folder.iterdir()) == []
    timer.stop()
    window.ctx.db.dispose()


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_locking_while_the_daily_backup_runs(qtbot, tmp_path, monkeypatch, encrypted):
    """The idle lock forgets an encrypted database's key: a backup on its lane, holding a
    keyed connection, is cancelled (no half file, no failure in the status bar). A plain
    one goes on and rotates without reading the locked database. Either way its progress
    dialog, hidden by the lock, is not shown again on unlocking once its work ended."""
    from ui.protect.idle_lock import install_idle_lock

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    db = _database(tmp_path, encrypted)
    gate = Gate(monkeypatch)
    try:
        window = _window(qtbot, db, tmp_path)
        ctx = window.ctx
        ctx.actor = "Tester"
        lock = install_idle_lock(window, ctx)
        timer = backup_actions.install_daily_backup(window, ctx)
        qtbot.waitUntil(gate.halfway.is_set, timeout=30_000)
        task = timer.task
        qtbot.waitUntil(task.dialog.isVisible, timeout=10_000)
        lock.lock()
        assert lock.is_locked and not task.dialog.isVisible()
        assert task.cancel_event.is_set() == encrypted
    finally:
        gate.release.set()
    qtbot.waitUntil(lambda: task.finished, timeout=60_000)
    settle(qtbot)
    folder = next((tmp_path / "xdg" / "CaseManager" / "backups").iterdir())
    if encrypted:
        assert task.state == "cancelled" and list(folder.iterdir()) == []
    else:
        assert task.state == "done", task.failure
        assert len(list(folder.glob("*.db"))) == 1
    assert not window.statusBar().currentMessage()
    lock.unlock_with(PASS if encrypted else "Tester")
    qtbot.waitUntil(lambda: not lock.is_locked)
    assert not task.dialog.isVisible()
    timer.stop()


def _closing_window(qtbot, tmp_path, monkeypatch):
    from ui import app

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    db = _database(tmp_path, False)
    window = _window(qtbot, db, tmp_path)
    # What ui.app.open_window installs on the application's windows.
    window.before_closing = lambda then: app._back_up_before_closing(window, then)
    return window


def _progress(qtbot, window):
    from PySide6.QtWidgets import QProgressDialog

    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QProgressDialog)),
                    timeout=10_000)
    return next(d for d in window.findChildren(QProgressDialog) if d.isVisible())


def test_the_backup_on_close_is_made_while_the_window_still_shows_its_progress(
        qtbot, tmp_path, monkeypatch):
    """Closing makes the automatic backup with the window still up and a progress
    dialog over it (tester: at a million cases it ran minutes after the window had gone,
    unseen, and a laptop shut down meanwhile lost it); the window goes once it is made,
    and the application's exit does not make a second one."""
    gate = Gate(monkeypatch)
    try:
        window = _closing_window(qtbot, tmp_path, monkeypatch)
        window.close()
        qtbot.waitUntil(gate.halfway.is_set, timeout=30_000)
        dialog = _progress(qtbot, window)
        assert dialog.windowTitle() == "Backing up before closing…"
        assert window.isVisible()
    finally:
        gate.release.set()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30_000)
    path, names = _backup_copy(tmp_path, None)
    assert "Karimov 39" in names
    assert window.backed_up_on_close
    window.ctx.worker.stop()


def test_cancel_skips_the_backup_on_close_and_leaves_no_half_file(
        qtbot, tmp_path, monkeypatch):
    """Cancel in the closing backup's progress: the window closes, no backup and no
    `.partial` file are left, and none is made after the window has gone."""
    from PySide6.QtWidgets import QPushButton

    gate = Gate(monkeypatch)
    try:
        window = _closing_window(qtbot, tmp_path, monkeypatch)
        window.close()
        qtbot.waitUntil(gate.halfway.is_set, timeout=30_000)
        dialog = _progress(qtbot, window)
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    finally:
        gate.release.set()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30_000)
    folder = tmp_path / "xdg" / "CaseManager" / "backups"
    assert [p for p in folder.rglob("*") if p.is_file()] == []
    assert window.backed_up_on_close
    window.ctx.worker.stop()
