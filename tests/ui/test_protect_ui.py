"""GUI of data protection: unlock dialog, idle lock, backup/restore actions, audit views."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from casemanager.domain.errors import DatabaseError
from casemanager.services import cases
from casemanager.services.queries import CaseFilter, count_cases
from casemanager.store import sqlcipher as encryption
from casemanager.store.database import open_database
from ui.context import AppContext
from ui.operations.operation import settled
from ui.protect import backup_actions
from ui.protect.audit_view import AuditLogView, CaseHistoryView
from ui.protect.idle_lock import LOCK_MINUTES_KEY, install_idle_lock
from ui.protect.unlock_dialog import UnlockDialog, ask_passphrase

PASS = "Самарканд passphrase"
SHOTS = Path("/tmp/protect-shots")


def shot(widget, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture
def enc(tmp_path):
    path = tmp_path / "enc.db"
    keys = encryption.create_encrypted(path, PASS)
    db = open_database(str(path), create=True, key=keys.db_key)
    cases.create_case(db, fields={"family_name": "Исмоилов", "given_name": "Jamshid"})
    db.dispose()
    return path, keys.recovery_key


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    s = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    s.setValue(LOCK_MINUTES_KEY, 10)
    return s


def test_unlock_dialog_error_inline_then_success(qtbot, enc):
    path, _ = enc
    dialog = UnlockDialog(str(path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.form.passphrase, "wrong passphrase")
    qtbot.keyClick(dialog.form.passphrase, Qt.Key.Key_Return)
    # Checked off the GUI thread: the form says so and waits, disabled.
    assert dialog.form.is_checking() and dialog.form.checking_note.isVisible()
    assert not dialog.form.unlock_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.form.is_checking())
    assert dialog.form.error.isVisible() and not dialog.form.checking_note.isVisible()
    assert dialog.form.error.text() == "Wrong passphrase. Try again, or use the recovery key."
    assert dialog.isVisible()
    shot(dialog, "unlock-error")
    # QTest cannot type Cyrillic key by key; the text goes in as an input method would.
    dialog.form.passphrase.setText(PASS)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.form.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.passphrase == PASS


def test_recovery_key_sets_a_new_passphrase(qtbot, enc):
    path, recovery = enc
    dialog = UnlockDialog(str(path))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.form.recovery_link.linkActivated.emit("#")
    form = dialog.form
    assert form.pages.currentIndex() == 1
    qtbot.keyClicks(form.recovery_key, recovery)
    qtbot.keyClicks(form.new_passphrase, "brand new passphrase")
    qtbot.keyClicks(form.repeat, "brand new passphras")
    qtbot.mouseClick(form.recover_button, Qt.MouseButton.LeftButton)
    assert "differ" in form.recovery_error.text() and dialog.isVisible()
    qtbot.keyClicks(form.repeat, "e")
    shot(dialog, "unlock-recovery")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(form.recover_button, Qt.MouseButton.LeftButton)
    assert dialog.passphrase == "brand new passphrase"
    open_database(str(path), passphrase="brand new passphrase").dispose()


def test_plain_database_needs_no_passphrase(sqlite_path):
    assert ask_passphrase(str(sqlite_path)) == ""


def make_window(qtbot, ctx):
    win = QMainWindow()
    win.setWindowTitle("Case Manager")
    win.setCentralWidget(QLabel("Исмоилов Jamshid — confidential notes"))
    action = QAction("Find", win)
    win.addAction(action)
    win.resize(700, 450)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitActive(win)
    return win, action


def test_ctrl_l_locks_hides_clears_and_forgets_the_key(qtbot, enc, settings):
    path, _ = enc
    ctx = AppContext(open_database(str(path), passphrase=PASS), actor="tester", settings=settings)
    win, action = make_window(qtbot, ctx)
    lock = install_idle_lock(win, ctx)
    QGuiApplication.clipboard().setText("Исмоилов, born 1990")
    qtbot.keyClick(win, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert lock.is_locked and lock.screen.isVisible()
    assert lock.screen.geometry() == win.rect()
    assert QGuiApplication.clipboard().text() == ""
    assert not action.isEnabled() and "locked" in win.windowTitle()
    # The key goes once what was queued on the database worker before the lock has run.
    qtbot.waitUntil(lambda: not ctx.db.key.present)
    with pytest.raises(DatabaseError, match="locked"):
        count_cases(ctx.db, CaseFilter())
    shot(win, "locked")
    form = lock.screen.form
    qtbot.keyClicks(form.passphrase, "not it at all")
    qtbot.keyClick(form.passphrase, Qt.Key.Key_Return)
    assert form.is_checking()  # on the context's database worker
    qtbot.waitUntil(lambda: not form.is_checking())
    assert lock.is_locked and form.error.isVisible()
    form.passphrase.setText(PASS)  # Cyrillic: as an input method would enter it
    with qtbot.waitSignal(lock.unlocked):
        qtbot.keyClick(form.passphrase, Qt.Key.Key_Return)
    assert not lock.is_locked and action.isEnabled() and win.windowTitle() == "Case Manager"
    assert count_cases(ctx.db, CaseFilter()) == 1
    ctx.db.dispose()


def test_idle_time_locks_a_plain_database_and_the_login_name_unlocks(qtbot, sqlite_db, settings):
    ctx = AppContext(sqlite_db, actor="tester", settings=settings)
    win, _ = make_window(qtbot, ctx)
    lock = install_idle_lock(win, ctx)
    lock.timer.setInterval(30)  # the same timer the settings' minutes drive
    lock.timer.start()
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5000)
    lock.unlock_with("someone else")
    assert lock.is_locked
    lock.unlock_with("Tester")
    assert not lock.is_locked


@pytest.fixture
def no_dialogs(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    return shown


def test_back_up_and_restore_from_the_gui(qtbot, enc, tmp_path, no_dialogs):
    path, _ = enc
    ctx = AppContext(open_database(str(path), passphrase=PASS), actor="tester")
    dest = tmp_path / "gui-backup.db"
    done = []
    task = backup_actions.back_up_now(ctx, None, str(dest), on_done=done.append)  # noqa: F841
    qtbot.waitUntil(lambda: bool(done), timeout=30000)
    assert done == [dest] and Path(f"{dest}.keys").exists()
    cases.create_case(ctx.db, fields={"family_name": "После бэкапа"})
    assert count_cases(ctx.db, CaseFilter()) == 2
    restored = []
    task = backup_actions.restore_from(  # noqa: F841 (kept alive: no parent)
        ctx, None, str(dest), confirm=False, on_done=restored.append)
    qtbot.waitUntil(lambda: bool(restored), timeout=30000)
    assert restored[0] is not None and restored[0].name.startswith("enc.db.replaced-")
    assert count_cases(ctx.db, CaseFilter()) == 1
    assert no_dialogs == []
    ctx.db.dispose()


def test_backup_of_a_server_database_explains_pg_dump(pg_db, no_dialogs):
    ctx = AppContext(pg_db, actor="tester")
    assert backup_actions.back_up_now(ctx, None, "/tmp/x.db") is None
    assert "pg_dump" in no_dialogs[0]


def test_audit_views_filter_and_export(qtbot, sqlite_db, tmp_path):
    a = cases.create_case(sqlite_db, fields={"family_name": "Каримова"}, actor="zarina").reference
    v = cases.get_case(sqlite_db, a).version
    cases.update_case(sqlite_db, a, fields={"given_name": "Нигора"}, expected_version=v,
                      actor="pavel")
    cases.create_case(sqlite_db, fields={"family_name": "Other"}, actor="pavel")
    ctx = AppContext(sqlite_db, actor="tester")
    view = AuditLogView(ctx)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitUntil(settled)  # read on the database worker
    assert view.model.rowCount() == 3
    view.user.setCurrentIndex(view.user.findData("pavel"))
    view.refresh()
    qtbot.waitUntil(settled)
    assert {r.actor for r in view.model.records} == {"pavel"} and view.model.rowCount() == 2
    view.table.selectRow(0)
    assert "Нигора" in view.details.toPlainText() or "Other" in view.details.toPlainText()
    shot(view, "audit-log")
    qtbot.keyClicks(view.since, "March")
    qtbot.keyClick(view.since, Qt.Key.Key_Return)
    assert "not a full date" in view.error.text() and view.model.rowCount() == 2
    out = view.export_csv(str(tmp_path / "log.csv"))
    rows = list(csv.DictReader(open(out, encoding="utf-8-sig")))
    assert {r["user"] for r in rows} == {"pavel"}
    assert Path(out).stat().st_mode & 0o777 == 0o600  # the log names people: private

    history = CaseHistoryView(ctx, a)
    qtbot.addWidget(history)
    qtbot.waitUntil(settled)
    assert [r.action for r in history.model.records] == ["create", "update"]
    cases.change_status(sqlite_db, a, status="released")
    ctx.changes.cases_changed.emit([a])
    qtbot.waitUntil(settled)
    assert [r.action for r in history.model.records][-1] == "change_status"
    history.resize(600, 250)
    shot(history, "case-history")


def test_automatic_backup_on_close_goes_to_the_data_folder(enc, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    path, _ = enc
    ctx = AppContext(open_database(str(path), passphrase=PASS), actor="tester")
    made = backup_actions.backup_on_close(ctx)
    # In the database's own folder (its name and a hash of its path), never shared.
    assert made is not None and made.parent.parent == tmp_path / "xdg" / "CaseManager" / "backups"
    assert made.parent.name.startswith("enc-") and Path(f"{made}.sha256").exists()
    assert Path(f"{made}.keys").exists() and "Исмоилов".encode() not in made.read_bytes()
    ctx.db.lock()  # a locked database is not backed up (there is no key to do it with)
    assert backup_actions.backup_on_close(ctx) is None
    ctx.db.dispose()


def test_audit_and_history_views_read_on_the_worker(qtbot, sqlite_db, monkeypatch):
    import threading

    from casemanager.services import audit

    a = cases.create_case(sqlite_db, fields={"family_name": "Karimova"}, actor="zarina").reference
    threads: list[int] = []
    for name in ("entries", "users", "actions", "case_history"):
        real = getattr(audit, name)

        def recording(*args, _real=real, **kwargs):
            threads.append(threading.get_ident())
            return _real(*args, **kwargs)

        monkeypatch.setattr(audit, name, recording)
    ctx = AppContext(sqlite_db, actor="tester")
    view = AuditLogView(ctx)
    qtbot.addWidget(view)
    history = CaseHistoryView(ctx, a)
    qtbot.addWidget(history)
    qtbot.waitUntil(settled)
    shown = []
    history.model.set_records = lambda records, names=None, real=history.model.set_records: (
        shown.append(len(records)), real(records, names))
    ctx.changes.cases_changed.emit([a])
    qtbot.waitUntil(settled)
    assert shown == [1] and view.model.rowCount() == 1
    assert threads and set(threads) == {ctx.worker.thread_id}
    assert ctx.worker.thread_id != threading.get_ident()


def test_a_write_queued_before_the_lock_runs_with_the_key(qtbot, enc, settings):
    """Ctrl+L right after a save: the save (queued on the worker) is written, the key is
    forgotten after it, and no failure box opens over the lock screen."""
    import threading

    from casemanager.services import cases
    from ui.operations.operation import Operation, settled

    path, _ = enc
    ctx = AppContext(open_database(str(path), passphrase=PASS), actor="tester", settings=settings)
    win, _action = make_window(qtbot, ctx)
    lock = install_idle_lock(win, ctx)
    reference = cases.create_case(ctx.db, fields={"family_name": "Исмоилов"}).reference
    gate = threading.Event()
    ctx.worker.submit(gate.wait)  # a slow database: the save waits behind this
    failed: list[BaseException] = []
    Operation(ctx, parent=win, work=lambda db: cases.update_case(
        db, reference, fields={"rank": "sergeant"}, actor="tester")).failure(failed.append).run()
    qtbot.keyClick(win, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert lock.is_locked and ctx.db.key.present  # the key waits for the save
    gate.set()
    qtbot.waitUntil(settled)
    assert failed == [] and not ctx.db.key.present
    lock.unlock_with(PASS)
    qtbot.waitUntil(lambda: not lock.is_locked)
    assert cases.get_case(ctx.db, reference).rank == "sergeant"
    ctx.db.dispose()


def test_the_start_check_is_said_in_the_status_bar_not_over_the_welcome_dialog(
        qtbot, sqlite_db, tmp_path):
    """Testers saw "Checking the database…" (a progress dialog) drawn over the Welcome
    dialog at first start: the check says so in the status bar and makes no dialog."""
    from editor_helpers import settle
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from ui import features
    from ui.main_window import MainWindow
    from ui.settings.caseworker_dialog import CaseworkerNameDialog

    ctx = AppContext(db=sqlite_db, actor="anna",
                     settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    features.on_start(window)  # a new database: the Welcome dialog asks for the name
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CaseworkerNameDialog))
    welcome = QApplication.activeModalWidget()

    check = backup_actions.install_background_check(window, ctx)
    assert check is not None
    assert window.statusBar().currentMessage() == "Checking the database…"
    settle(qtbot)
    assert check.state == "done"
    assert not window.findChildren(QProgressDialog)  # nothing drawn over the Welcome dialog
    assert QApplication.activeModalWidget() is welcome and welcome.isVisible()
    assert window.statusBar().currentMessage() == ""  # a clean file says nothing
    welcome.reject()


def test_the_start_check_does_not_hold_the_case_list(qtbot, sqlite_db, tmp_path,
                                                      monkeypatch):
    """The whole-file check took 40 s at a million cases, on the database worker: every
    read of the case list (its rows, a sort, a search) waited behind it (tester t18).
    It runs on a lane of its own; the list's reads go on meanwhile."""
    import threading

    from PySide6.QtCore import QSettings

    from casemanager.store import database
    from ui.operations.operation import Operation

    cases.create_case(sqlite_db, fields={"family_name": "Karimov"})
    ctx = AppContext(db=sqlite_db, actor="anna",
                     settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = QMainWindow()
    qtbot.addWidget(window)
    release, running = threading.Event(), []

    def long_check(db) -> None:  # as slow as a million cases' check
        running.append(threading.get_ident())
        release.wait(30)

    monkeypatch.setattr(database, "quick_check", long_check)
    check = backup_actions.install_background_check(window, ctx)
    assert check is not None
    qtbot.waitUntil(lambda: bool(running))
    assert running[0] != ctx.worker.thread_id
    read = Operation(ctx, parent=window, work=lambda db: count_cases(db)).run()
    qtbot.waitUntil(lambda: read.state == "done", timeout=5000)  # not behind the check
    assert check.state != "done"
    release.set()
    qtbot.waitUntil(lambda: check.state == "done")
    ctx.maintenance.stop()
    ctx.worker.stop()


def test_a_file_checked_on_opening_is_not_checked_again_by_the_window(qtbot, tmp_path):
    """After an unclean shutdown, opening reads the whole file (25 s at a million cases)
    and the window then read it all again (39 s more; tester t18): once is enough."""
    from PySide6.QtCore import QSettings

    path = tmp_path / "c.db"
    open_database(str(path), create=True).dispose()
    (tmp_path / "c.db.open-999999-dead").write_text("")  # a process killed with it open
    db = open_database(str(path))
    try:
        assert db.checked_on_open
        ctx = AppContext(db=db, actor="anna", settings=QSettings(
            str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        window = QMainWindow()
        qtbot.addWidget(window)
        assert backup_actions.install_background_check(window, ctx) is None
    finally:
        db.dispose()
    clean = open_database(str(path))  # closed cleanly this time: checked by the window
    try:
        assert not clean.checked_on_open
    finally:
        clean.dispose()


def test_the_daily_backup_waits_for_the_welcome_dialog(qtbot, sqlite_db, tmp_path, monkeypatch):
    """Its progress dialog ("Daily backup…") would be drawn over the Welcome dialog too:
    the first check waits until the dialog is answered, then backs up."""
    from editor_helpers import settle
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui import features
    from ui.main_window import MainWindow
    from ui.settings.caseworker_dialog import CaseworkerNameDialog

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    ctx = AppContext(db=sqlite_db, actor="anna",
                     settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    features.on_start(window)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CaseworkerNameDialog))
    welcome = QApplication.activeModalWidget()

    timer = backup_actions.install_daily_backup(window, ctx)
    qtbot.wait(1500)  # the first check's turn came and went (its timer is 0 ms)
    assert getattr(timer, "task", None) is None  # no backup, no dialog over the Welcome one
    welcome.reject()
    qtbot.waitUntil(lambda: getattr(timer, "task", None) is not None, timeout=10_000)
    qtbot.waitUntil(lambda: timer.task.finished, timeout=30_000)
    settle(qtbot)
    assert timer.task.state == "done"
    assert list((tmp_path / "xdg" / "CaseManager" / "backups").glob("*/*.db"))
    timer.stop()
