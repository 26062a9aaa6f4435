"""Long work off the GUI thread, with a progress dialog and Cancel.

`run_in_background(parent, title, job, on_done)` runs `job(progress)` on a worker
thread; `progress` is the core's Progress callable (casemanager.progress): calling it
updates the dialog, and raises Cancelled once the user pressed Cancel. Results and
errors come back to the GUI thread through queued signals; no widget is touched from
the worker.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from casemanager.errors import CaseManagerError
from casemanager.progress import Cancelled


class _Signals(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, job: Callable[[Any], Any], signals: _Signals, cancel: threading.Event):
        super().__init__()
        self.job, self.signals, self.cancel = job, signals, cancel
        self.setAutoDelete(True)

    def _progress(self, done: int, total: int | None = None, message: str = "") -> None:
        if self.cancel.is_set():
            raise Cancelled()
        self.signals.progressed.emit(done, total if total is not None else -1, message)

    def run(self) -> None:
        try:
            result = self.job(self._progress)
        except Exception as exc:  # handed to the GUI thread, shown there
            if not isinstance(exc, CaseManagerError):
                exc.details = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class BackgroundTask(QObject):
    """A running job; `done` fires with the result, `error` with the exception."""

    done = Signal(object)
    error = Signal(object)

    def __init__(self, parent: QWidget | None, title: str, job: Callable[[Any], Any]) -> None:
        super().__init__(parent)
        self.cancel_event = threading.Event()
        self.finished = False
        self.dialog = QProgressDialog(title, self.tr("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.signals = _Signals()
        self.signals.progressed.connect(self._on_progress)
        self.signals.finished.connect(self._on_finished)
        self.signals.failed.connect(self._on_failed)
        self._runnable = _Runnable(job, self.signals, self.cancel_event)

    def start(self) -> BackgroundTask:
        QThreadPool.globalInstance().start(self._runnable)
        return self

    def cancel(self) -> None:
        self.cancel_event.set()
        self.dialog.setLabelText(self.tr("Cancelling…"))

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
        if message:
            self.dialog.setLabelText(message)

    def _close(self) -> None:
        self.finished = True
        self.dialog.reset()
        self.dialog.close()

    def _on_finished(self, result: object) -> None:
        self._close()
        self.done.emit(result)

    def _on_failed(self, exc: object) -> None:
        self._close()
        self.error.emit(exc)


def run_in_background(
    parent: QWidget | None,
    title: str,
    job: Callable[[Any], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] | None = None,
) -> BackgroundTask:
    """Run `job(progress)` off the GUI thread; errors are shown in a dialog unless
    `on_error` handles them; a cancelled job reports quietly."""
    task = BackgroundTask(parent, title, job)
    task.done.connect(on_done)

    def failed(exc: BaseException) -> None:
        if on_error is not None:
            on_error(exc)
        elif not isinstance(exc, Cancelled):
            QMessageBox.warning(parent, title, str(exc))

    task.error.connect(failed)
    return task.start()
