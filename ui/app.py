"""Starting the desktop application: `casemanager gui` calls `run(target)`."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from casemanager import __version__, viewer_copies
from casemanager.cli.secrets import PASSPHRASE_ENV
from casemanager.db import open_database
from casemanager.errors import DatabaseError
from casemanager.paths import default_database, resource
from ui import features
from ui.backup_actions import backup_on_close
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.unlock_dialog import ask_passphrase, needs_passphrase


def application() -> QApplication:
    """The one QApplication, made with the names QSettings files itself under."""
    QCoreApplication.setOrganizationName("CaseManager")
    QCoreApplication.setOrganizationDomain("casemanager.invalid")
    QCoreApplication.setApplicationName("CaseManager")
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication(sys.argv[:1])
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
    return app  # type: ignore[return-value]


def run(target: str, *, smoke_test: bool = False) -> int:
    """Open the database at `target` (made when missing) and show the main window.

    `smoke_test` closes the window again once it has shown (the bundle's self-check). It
    never waits on a dialog: the passphrase of an encrypted database comes from
    $CASEMANAGER_PASSPHRASE, and anything that stops it is one line on stderr, exit 1."""
    app = application()
    # Decrypted attachment copies a crashed session left behind (casemanager.viewer_copies).
    viewer_copies.sweep()
    if smoke_test:
        passphrase = os.environ.get(PASSPHRASE_ENV, "") if needs_passphrase(target) else ""
        if needs_passphrase(target) and not passphrase:
            return _fail(f"{target} is encrypted: set ${PASSPHRASE_ENV} for the self-check")
    else:
        passphrase = ask_passphrase(target)
    if passphrase is None:
        return 0  # the user chose not to unlock
    try:
        db = open_database(target, create=True, passphrase=passphrase or None)
    except DatabaseError as exc:
        if smoke_test:
            return _fail(str(exc))
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("App", "Case Manager"),
            QCoreApplication.translate("App", "The database cannot be opened."),
        )
        box.setInformativeText(str(exc))
        box.exec()
        return 1
    ctx = AppContext(db=db, settings=QSettings())
    window = MainWindow(ctx)
    features.install(window)
    window.show()
    if smoke_test:
        QTimer.singleShot(1500, window.close)
    else:
        features.install_protection(window)
        features.on_start(window)
    try:
        return app.exec()
    finally:
        if not smoke_test:
            backup_on_close(ctx)  # rotating automatic backups, kept per the settings
        db.dispose()


def _fail(message: str) -> int:
    print(f"casemanager: error: {message}", file=sys.stderr)
    return 1


def main() -> int:
    """`python -m ui.app [DATABASE]`: the default database unless one is named."""
    target = sys.argv[1] if len(sys.argv) > 1 else default_database()
    return run(target)


if __name__ == "__main__":
    sys.exit(main())
