"""Opening a database off the GUI thread: an upgrade of an older schema shows its steps
and can be cancelled.

Opening a database made by an older version upgrades it (casemanager.store.upgrade):
13 s at 100,000 cases, minutes at a million. It ran on the GUI thread before the window
existed, so a caseworker saw nothing, or a black window, for all that time (tester of
stop 28). Now `open_database` runs as a background task (ui/operations/background.py)
on a worker of its own, while a local event loop keeps the screen painted; the progress
dialog shows after 300 ms only, so an ordinary opening (milliseconds) shows nothing. It
names the step ("Making a copy of the database before upgrading…", a bar of megabytes;
"Upgrading the database: step 2 of 3 (sort keys of names)", a busy bar), and Cancel
stops the upgrade within a fraction of a second: rolled back, the database as it was
(readable by the version that made it) and the copy made for it removed, which the
caseworker is told.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget

from casemanager.store.database import Database, open_database
from casemanager.store.upgrade import UpgradeStopped
from ui.labels import reason_text
from ui.operations.background import BackgroundTask
from ui.operations.worker import DatabaseWorker

translate = QCoreApplication.translate


class OpeningTask(BackgroundTask):
    """A BackgroundTask whose bar is busy when the core cannot say how far it is (a
    migration step: no total) and counts when it can (the copy's megabytes)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A long step's name and the copy's path wrap, rather than widen the dialog.
        label = QLabel(self.dialog)
        label.setWordWrap(True)
        label.setMinimumWidth(460)
        self.dialog.setLabel(label)

    def cancel(self) -> None:
        super().cancel()
        if self.finished:
            return
        # Qt hides a cancelled progress dialog; this one stays until the rollback is
        # done, saying so, its button spent.
        self.dialog.show()
        for button in self.dialog.findChildren(QPushButton):
            button.setEnabled(False)

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if self.cancel_event.is_set():
            return  # a step's name queued before Cancel must not replace "Cancelling…"
        if total <= 0:
            self.dialog.setRange(0, 0)  # busy: Qt animates it
        if message:
            self.dialog.setLabelText(message[:1].upper() + message[1:] + "…")
        if total > 0:
            self.dialog.setRange(0, total)
            self.dialog.setValue(min(done, total))


# The task of the opening under way (tests press its Cancel); None otherwise.
current: OpeningTask | None = None


def open_with_progress(target: str, parent: QWidget | None = None, **options: Any) -> Database:
    """`open_database(target, **options)` on a worker thread, the GUI thread answering
    meanwhile; returns the database or raises what opening raised (DatabaseError;
    UpgradeStopped when the person cancelled the upgrade)."""
    global current
    worker = DatabaseWorker("casemanager-open")
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def job(progress: Any) -> Database:
        return open_database(target, progress=progress, **options)

    def finished(db: object) -> None:
        outcome["db"] = db
        loop.quit()

    def failed(exc: object) -> None:
        outcome["error"] = exc
        loop.quit()

    task = OpeningTask(parent, translate("Upgrade", "Opening the database"), job, worker)
    task.dialog.setLabelText(translate("Upgrade", "Opening the database…"))
    task.done.connect(finished)
    task.error.connect(failed)
    current = task
    try:
        task.start()
        loop.exec()
    finally:
        current = None
        worker.stop()
        task.dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["db"]


def tell_stopped(parent: QWidget | None, stopped: UpgradeStopped) -> None:
    """Say that the upgrade was stopped and what that left (a box, waited for)."""
    detail = reason_text(stopped)
    box = QMessageBox(
        QMessageBox.Icon.Information, translate("Upgrade", "Upgrade stopped"),
        detail[:1].upper() + detail[1:] + ".", QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("upgrade_stopped")
    box.setInformativeText(
        translate("Upgrade", "The copy made for this attempt was removed. This version "
                  "can open the database once it is upgraded: open it again when you have "
                  "the time."))
    box.exec()
