"""Long work off the GUI thread, with a progress dialog and Cancel.

`run_in_background(parent, title, job, on_done, ctx=ctx)` runs `job(progress)` on the
context's one database worker (ui/operations/worker.py), after the operations queued
before it and never beside one (a backup, which writes nothing to the database, runs on
the context's second lane, `worker=ctx.maintenance`, beside them); `progress` is the core's Progress callable (casemanager.domain.progress): calling it
updates the dialog, and raises Cancelled once the user pressed Cancel. Results and
errors come back to the GUI thread through queued signals; no widget is touched from
the worker.

Every failure reaches the person (ui/operations/failures.py): the job's exception, and an
OPERATION_ERRORS one raised by `on_done` itself (reopening a restored database, painting
a printout), go to `on_error`, or else to a warning box; `on_error` failing in turn
still ends in the box. `task.state` then says "failed" and `task.failure` why.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from casemanager.domain.errors import CaseManagerError
from casemanager.domain.progress import Cancelled
from casemanager.system import gil_turns
from ui.labels import core_text
from ui.operations.failures import OPERATION_ERRORS, failure_reason, show_failure
from ui.operations.worker import DatabaseWorker

_fallback: DatabaseWorker | None = None
_started: set[BackgroundTask] = set()  # until their result is delivered


def tasks_running() -> int:
    return len(_started)


def cancel_running(worker: DatabaseWorker) -> int:
    """Press Cancel on every task started on `worker` and not yet delivered (the window
    closing, or a restore about to replace the file, while a backup runs on its lane);
    each stops at its next progress step. Returns how many were running."""
    running = [task for task in list(_started) if task.worker is worker]
    for task in running:
        task.cancel_event.set()
    return len(running)


def worker_for(parent: QObject | None, ctx: Any = None) -> DatabaseWorker:
    """The database worker of `ctx`, else of the nearest parent holding a context; a
    widget built without one (a bare dialog in a script) gets one shared worker, still a
    single thread."""
    if ctx is not None:
        return ctx.worker
    node = parent
    while node is not None:
        found = getattr(getattr(node, "ctx", None), "worker", None)
        if isinstance(found, DatabaseWorker):
            return found
        node = node.parent()
    global _fallback
    if _fallback is None or _fallback.stopped:
        _fallback = DatabaseWorker("casemanager-db-shared")
    return _fallback


class _Signals(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Runnable:
    def __init__(self, job: Callable[[Any], Any], signals: _Signals, cancel: threading.Event):
        self.job, self.signals, self.cancel = job, signals, cancel

    def _progress(self, done: int, total: int | None = None, message: str = "") -> None:
        if self.cancel.is_set():
            raise Cancelled()
        gil_turns.take_turns()  # long work: let a waiting GUI thread have the GIL
        # A core Message loses its template crossing the signal: put into words here.
        self.signals.progressed.emit(done, total if total is not None else -1,
                                     core_text(message))

    def run(self) -> None:
        if self.cancel.is_set():  # cancelled while it waited its turn
            self.signals.failed.emit(Cancelled())
            return
        try:
            result = self.job(self._progress)
        except Exception as exc:  # handed to the GUI thread, shown there
            if not isinstance(exc, CaseManagerError):
                exc.details = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class BackgroundTask(QObject):
    """A running job; `done` fires with the result, `error` with the exception.

    `state` is "running", then "done", "failed" or "cancelled"; `failure` is the one
    line shown for a failure (empty otherwise)."""

    done = Signal(object)
    error = Signal(object)

    def __init__(
        self, parent: QWidget | None, title: str, job: Callable[[Any], Any],
        worker: DatabaseWorker | None = None, *, modal: bool = True,
    ) -> None:
        super().__init__(parent)
        self.worker = worker if worker is not None else worker_for(parent)
        self.cancel_event = threading.Event()
        self.finished = False
        self.state = "running"
        self.failure = ""
        self.dialog = QProgressDialog(title, self.tr("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        # Modal: the window waits for what was asked of it. Not modal: work that runs
        # beside the window's own (the daily backup on its lane), Cancel still at hand.
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal if modal
                                      else Qt.WindowModality.NonModal)
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
        _started.add(self)
        self.worker.submit(self._runnable.run)
        return self

    def cancel(self) -> None:
        if self.finished:  # closing the dialog at the end says `canceled` too (Qt)
            return
        self.cancel_event.set()
        self.dialog.setLabelText(self.tr("Cancelling…"))

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
        if message:
            self.dialog.setLabelText(message)

    def _close(self) -> None:
        _started.discard(self)
        self.finished = True
        self.dialog.reset()
        self.dialog.close()
        # Hidden by the idle lock meanwhile, it must not be shown again on unlocking.
        self.dialog.setProperty("finished", True)

    def _on_finished(self, result: object) -> None:
        self._close()
        self.state = "done"
        self.done.emit(result)

    def _on_failed(self, exc: object) -> None:
        self._close()
        self.mark_failed(exc)  # type: ignore[arg-type]
        self.error.emit(exc)

    def mark_failed(self, exc: BaseException) -> None:
        """Record that the operation failed (or was cancelled), and why."""
        if isinstance(exc, Cancelled):
            self.state = "cancelled"
        else:
            self.state, self.failure = "failed", failure_reason(exc)


def run_in_background(
    parent: QWidget | None,
    title: str,
    job: Callable[[Any], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] | None = None,
    *,
    failure_title: str | None = None,
    ctx: Any = None,
    worker: DatabaseWorker | None = None,
    modal: bool = True,
) -> BackgroundTask:
    """Run `job(progress)` off the GUI thread, then `on_done(result)` on it.

    A failure goes to `on_error(exc)`, which shows it where the operation was started
    (an inline label); without `on_error` it is shown in a warning box titled
    `failure_title` (default `title`) with its one-line reason. A cancelled job calls
    `on_error` with Cancelled, or reports quietly. It runs on `ctx.worker` (or the worker
    of the context `parent` holds), or on `worker`: another lane, only for work that
    writes nothing to the database (a backup, on `ctx.maintenance`). `modal=False` lets
    the window be used while the progress dialog is up. Returns the started task."""
    task = BackgroundTask(parent, title, job,
                          worker if worker is not None else worker_for(parent, ctx), modal=modal)
    heading = failure_title or title

    def failed(exc: BaseException) -> None:
        task.mark_failed(exc)
        if on_error is not None:
            try:
                on_error(exc)
                return
            except OPERATION_ERRORS as again:  # the handler itself met the failure
                exc = again
        if not isinstance(exc, Cancelled):
            show_failure(parent, heading, exc)

    def done(result: object) -> None:
        try:
            on_done(result)
        except OPERATION_ERRORS as exc:  # the last step, on the GUI thread, failed
            failed(exc)

    task.done.connect(done)
    task.error.connect(failed)
    return task.start()
