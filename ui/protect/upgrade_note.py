"""The window says, once, that opening upgraded an older database, as the command line
does (casemanager/cli/context.py): from which schema, and where the file as it was is kept.

An upgrade takes time (13 s at 100,000 cases) and leaves beside the database a copy of
every case (320 MB there): a caseworker who was not told would neither expect the wait
nor know that a second copy of the cases lies in the folder. The note is a non-modal box
(the window answers meanwhile and it never stands in front of the first-start
questions' answers), the same words in the status bar, and a line in the log.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox

from casemanager.store.database import Database
from ui.labels import core_text

log = logging.getLogger("casemanager.ui")
# A plain `translate(context, "literal")` call is what pyside6-lupdate recognises.
translate = QCoreApplication.translate


def upgrade_text(db: Database) -> str | None:
    """What opening `db` did to its schema in the interface's language; None: nothing."""
    note = db.upgrade_note()
    return None if note is None else core_text(note)


def tell_upgraded(window: QMainWindow, db: Database) -> QMessageBox | None:
    """Say over `window` that opening `db` upgraded it (None, and nothing said, when it
    did not); called once, when the window on `db` first shows (ui.features.on_start).
    Returns the box, shown and not waited for."""
    text = upgrade_text(db)
    if text is None:
        return None
    # English in the log, as the command line says it; at warning level, as the window's
    # other log lines (show_failure), so it reaches stderr with no handler configured.
    log.warning("%s", db.upgrade_note())
    window.statusBar().showMessage(text[:1].upper() + text[1:])
    box = QMessageBox(QMessageBox.Icon.Information,
                      translate("Upgrade", "Database upgraded"),
                      text[:1].upper() + text[1:] + ".", QMessageBox.StandardButton.Ok,
                      window)
    box.setObjectName("upgrade_note")
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return box
