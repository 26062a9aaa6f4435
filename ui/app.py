"""Starting the desktop application: `casemanager gui` calls `run(target)`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from casemanager import __version__
from casemanager.domain.errors import DatabaseError
from casemanager.services import viewer_copies
from casemanager.store.database import is_url
from casemanager.store.key_file import PASSPHRASE_ENV, keyfile_path
from casemanager.store.locks import SessionClaim, claimed_by, open_elsewhere_message
from casemanager.store.upgrade import UpgradeStopped
from casemanager.system.paths import default_database, resource
from ui import features
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.operations.failures import failure_reason, install_last_net
from ui.protect.backup_actions import backup_on_close, closing_backup, end_backups
from ui.protect.opening import open_with_progress, tell_stopped
from ui.protect.unlock_dialog import ask_passphrase, needs_passphrase
from ui.single_window import WindowBeacon, ask_first_window_to_show, offer_switch


def application() -> QApplication:
    """The one QApplication, made with the names QSettings files itself under."""
    QCoreApplication.setOrganizationName("CaseManager")
    QCoreApplication.setOrganizationDomain("casemanager.invalid")
    QCoreApplication.setApplicationName("CaseManager")
    QCoreApplication.setApplicationVersion(__version__)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    # Cycles are collected on this thread only (ui/operations/garbage.py: a collection on
    # the database worker could deadlock PySide against the GUI thread).
    from ui.operations import garbage, turns

    garbage.install(app)
    # Long database work lets this thread have the GIL in time (ui/operations/turns.py).
    turns.install(app)
    # The translator goes in before any widget is built: texts are set at construction.
    from ui import i18n

    if not hasattr(app, "_casemanager_translators"):
        lang = i18n.chosen_language(QSettings())
        app._casemanager_translators = i18n.install(app, lang)  # type: ignore[attr-defined]
    QApplication.setApplicationDisplayName(
        QCoreApplication.translate("App", "Case Manager")
    )
    logo = resource("icons", "casemanager.svg")
    if logo.exists():
        app.setWindowIcon(QIcon(str(logo)))
    return app


def run(target: str, *, smoke_test: bool = False) -> int:
    """Open the database at `target` (made when missing) and show the main window.

    `smoke_test` closes the window again once it has shown (the bundle's self-check). It
    never waits on a dialog: the passphrase of an encrypted database comes from
    $CASEMANAGER_PASSPHRASE, and anything that stops it is one line on stderr, exit 1."""
    app = application()
    # Decrypted attachment copies a crashed session left behind (casemanager.services.viewer_copies).
    viewer_copies.sweep()
    claim = None
    if not is_url(target):
        target = str(Path(target).expanduser())
    if not is_url(target) and _may_be_ours(Path(target)):
        try:
            claim = SessionClaim.take(target)
        except DatabaseError:
            pass  # an unwritable folder: open_database below says what is wrong
        else:
            if claim is None:  # another window has this database open
                if smoke_test:
                    return _fail(open_elsewhere_message(target))
                if offer_switch(target, claimed_by(target)):
                    ask_first_window_to_show(target)
                return 0
    try:
        return _run_claimed(app, target, smoke_test)
    finally:
        if claim is not None:
            claim.release()


def _run_claimed(app: QApplication, target: str, smoke_test: bool) -> int:
    if is_url(target) and target.startswith("postgresql") and not smoke_test:
        return _run_server(app, target)
    passphrase: str | None
    if smoke_test:
        passphrase = os.environ.get(PASSPHRASE_ENV, "") if needs_passphrase(target) else ""
        if needs_passphrase(target) and not passphrase:
            return _fail(f"{target} is encrypted: set ${PASSPHRASE_ENV} for the self-check")
    else:
        passphrase = ask_passphrase(target)
    if passphrase is None:
        return 0  # the user chose not to unlock
    try:
        # The self-check checks the whole file; a normal start only after an unclean end
        # (the window checks in the background once it shows: features.install_protection).
        # Off the GUI thread: an upgrade of an older database shows its steps and may be
        # cancelled (ui/protect/opening.py).
        db = open_with_progress(target, create=True, passphrase=passphrase or None,
                                quick_check=True if smoke_test else None)
    except UpgradeStopped as stopped:
        if smoke_test:
            return _fail(str(stopped))
        tell_stopped(None, stopped)
        return 0
    except DatabaseError as exc:
        if smoke_test:
            return _fail(str(exc))
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("App", "Case Manager"),
            QCoreApplication.translate("App", "The database cannot be opened."),
        )
        box.setInformativeText(failure_reason(exc))
        box.exec()
        return 1
    install_last_net()  # a bug in a slot is shown, not only printed to a terminal
    # A second start on this file brings this window up: listening starts before the
    # first-start questions, which wait for an answer.
    beacon = None if is_url(target) else (lambda w: WindowBeacon(target, w))
    window = open_window(db, smoke_test=smoke_test, shown=beacon)
    if smoke_test:
        QTimer.singleShot(1500, window.close)
    return _exec(app)


def _run_server(app: QApplication, target: str) -> int:
    """A server: ask for the server, login and password (filled in from `target` and
    what was typed last time), then show the window."""
    from ui.settings.server_dialog import ask_server

    db = ask_server(QSettings(), target)
    if db is None:
        return 0  # the person chose not to connect
    install_last_net()
    open_window(db)
    return _exec(app)


_windows: list[MainWindow] = []


def open_window(db, *, smoke_test: bool = False,
                shown: Callable[[MainWindow], object] | None = None) -> MainWindow:
    """A main window on `db`, with every feature, shown; `shown(window)` is called once
    it shows, before the first-start questions."""
    ctx = AppContext(db=db, settings=QSettings())
    window = MainWindow(ctx)
    window.smoke_test = smoke_test  # no automatic backup when the self-check closes it
    window.switch_database = lambda other: switch_to(window, other)  # File > Connect…
    features.install(window)
    window.show()
    # What the first window holds for good is kept out of every later collection
    # (ui/operations/garbage.py: a full one took 120 ms at 100,000 cases).
    from ui.operations import garbage

    app = QApplication.instance()
    collector = garbage.install(app) if app is not None else None
    if collector is not None and not collector.frozen:
        collector.settle_after_start()
    if shown is not None:
        shown(window)
    if not smoke_test:
        window.before_closing = lambda then: _back_up_before_closing(window, then)
        features.install_protection(window)
        features.on_start(window)
    _windows.append(window)
    return window


def _back_up_before_closing(window: MainWindow, then: Callable[[], None]) -> bool:
    """The backup on close, while `window` still shows its progress; marked done so the
    application's exit does not make a second one."""
    def ended() -> None:
        window.backed_up_on_close = True
        then()

    return closing_backup(window.ctx, window, ended) is not None


def switch_to(old: MainWindow, db) -> MainWindow | None:
    """File > Connect to a server…: a window on `db` in place of `old` (its open cases
    are closed first, asking about unsaved changes). None, with `db` closed, if the
    person kept the old window."""
    if not old.tabs.maybe_close_all():
        db.dispose()
        return None
    window = open_window(db)
    old.close()
    return window


def _exec(app: QApplication) -> int:
    try:
        return app.exec()
    finally:
        for window in _windows:
            # A daily backup still running is cancelled (the one on close follows, newer);
            # what the window queued (a save) finishes before the backup on close copies.
            end_backups(window.ctx)
            window.ctx.worker.stop()
            if not (getattr(window, "smoke_test", False)
                    or window.backed_up_on_close):
                # Rotating automatic backups, kept per the settings; a failure is shown
                # (the window has gone, so the box has no parent).
                backup_on_close(window.ctx)
            window.ctx.db.dispose()  # a restore replaces ctx.db; the first is closed already
        _windows.clear()


def _may_be_ours(path: Path) -> bool:
    """Whether `path` can be a Case Manager database (missing, empty, SQLite, or encrypted
    with its key file): only then is a claim file written beside it."""
    if not path.is_file() or path.stat().st_size == 0:
        return not path.is_dir()
    with path.open("rb") as fh:
        plain = fh.read(16) == b"SQLite format 3\x00"
    return plain or keyfile_path(path).exists()


def _fail(message: str) -> int:
    print(f"casemanager: error: {message}", file=sys.stderr)
    return 1


def main() -> int:
    """`python -m ui.app [DATABASE]`: the default database unless one is named."""
    target = sys.argv[1] if len(sys.argv) > 1 else default_database()
    return run(target)


if __name__ == "__main__":
    sys.exit(main())
