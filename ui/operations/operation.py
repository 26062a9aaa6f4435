"""One way for the window to touch the database: an Operation on the context's worker.

    Operation(ctx, parent=self, work=lambda db: cases.get_case(db, ref), key="load")
        .success(self._show)
        .announce("status", references=[ref])
        .run()

`work(db)` runs on the context's one DatabaseWorker thread (ui/operations/worker.py),
after every operation submitted before it. Then, back on the GUI thread:

- `success(result)` is called, unless the widget that started it (`parent`) has gone, or
  a newer operation with the same `key` from the same widget was started meanwhile (a
  search typed on, another case chosen): such a stale result is dropped, and a stale
  operation still waiting in the queue is not even run;
- the change is announced (`ctx.changes.announce`) with `parent` as its initiator, so
  every other view refreshes from it and the initiator, which has its result already,
  can tell the announcement is its own. A write that ran is announced even when its
  result is dropped (initiator None once `parent` has gone): the change did happen;
- a failure goes to `failure(exc)` or, by default, to a warning box over `parent`
  titled `failure_title` (ui/operations/failures.py: one line saying why). Only the
  world failing under an action (OPERATION_ERRORS) is shown that way; a bug is raised
  again on the GUI thread, where the last net (and pytest-qt) catch it as before.

Modelled on Anki's CollectionOp / QueryOp (qt/aqt/operations/).
"""

from __future__ import annotations

import itertools
import threading
import traceback
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from casemanager.domain.errors import CaseManagerError
from casemanager.domain.progress import Cancelled
from ui.context import AppContext
from ui.operations.failures import OPERATION_ERRORS, show_failure
from ui.operations.worker import DatabaseWorker

T = TypeVar("T")

_serials = itertools.count(1)
# The newest serial per (initiator, key): an older one's result is stale.
_latest: dict[tuple[int, str], int] = {}
_latest_lock = threading.Lock()
# Operations on their way (a relay must live until its queued signal is delivered).
_running: set[Operation] = set()


def settled() -> bool:
    """No operation queued, running, or with a result not yet delivered (tests wait on
    this with qtbot.waitUntil; the stall benchmark too)."""
    from ui.operations.background import tasks_running
    from ui.operations.worker import all_idle

    return not _running and not tasks_running() and all_idle()


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues, the slots run here."""

    finished = Signal(object)
    failed = Signal(object)


class Operation(Generic[T]):
    def __init__(
        self,
        ctx: AppContext,
        *,
        parent: QObject | None,
        work: Callable[[Any], T],
        key: str | None = None,
        failure_title: str | None = None,
        worker: DatabaseWorker | None = None,
    ) -> None:
        self.ctx, self.parent, self.work, self.key = ctx, parent, work, key
        # Another lane than the context's worker: only for read-only work on a connection
        # of its own (the whole-file check and the backups, ctx.maintenance).
        self.worker = worker if worker is not None else ctx.worker
        self.failure_title = failure_title
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self._finally: Callable[[], None] | None = None
        self._announce: tuple[str, Callable[[T], Iterable[str] | None]] | None = None
        self.serial = 0
        self.state = "new"  # then "queued", "done", "failed", "dropped"
        self.thread_id: int | None = None  # where `work` ran (tests read it)

    # ------------------------------------------------------------------ building

    def success(self, callback: Callable[[T], None]) -> Operation[T]:
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Operation[T]:
        self._failure = callback
        return self

    def finally_(self, callback: Callable[[], None]) -> Operation[T]:
        """Called after success or failure (not when dropped): re-enable a button…"""
        self._finally = callback
        return self

    def announce(
        self, kind: str,
        references: Iterable[str] | Callable[[T], Iterable[str] | None] = (),
    ) -> Operation[T]:
        """Announce a change of this kind once the work has run, even when its result is
        dropped (the widget gone, a newer operation with its key started): what was
        written must reach the other views. `references` may be worked out from the
        result (a created case's reference); None from it announces nothing (the work
        wrote nothing)."""
        if callable(references):
            self._announce = (kind, references)
        else:
            fixed = list(references)
            self._announce = (kind, lambda _result: fixed)
        return self

    # ------------------------------------------------------------------ running

    def _slot(self) -> tuple[int, str] | None:
        return (id(self.parent), self.key) if self.key is not None else None

    def is_stale(self) -> bool:
        slot = self._slot()
        if slot is None:
            return False
        with _latest_lock:
            return _latest.get(slot, self.serial) != self.serial

    def run(self) -> Operation[T]:
        self.serial = next(_serials)
        slot = self._slot()
        if slot is not None:
            with _latest_lock:
                _latest[slot] = self.serial
        self.relay = _Relay()
        self.relay.finished.connect(self._finished)
        self.relay.failed.connect(self._failed)
        _running.add(self)
        self.state = "queued"
        db_of = self.ctx  # ctx.db may be replaced (a restore): read it when the work runs
        relay, work = self.relay, self.work

        def job() -> None:
            if self.is_stale():
                relay.finished.emit(_Dropped)
                return
            self.thread_id = threading.get_ident()
            try:
                result = work(db_of.db)
            except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
                if not isinstance(exc, CaseManagerError):
                    exc.details = traceback.format_exc()  # type: ignore[attr-defined]
                relay.failed.emit(exc)
            else:
                relay.finished.emit(result)

        self.worker.submit(job)
        return self

    def run_next_turn(self) -> Operation[T]:
        """`run()` from the event loop's next turn, so that what the GUI thread has
        queued for this turn (building the widgets the result will fill) is done first,
        without the worker taking the GIL from it between Qt's calls. It counts as
        running from now on (`settled()` is False); dropped if its parent goes first."""
        _running.add(self)
        self.state = "queued"

        def later() -> None:
            _running.discard(self)
            if not self._alive():
                self.state = "dropped"
                return
            self.run()

        QTimer.singleShot(0, later)
        return self

    def _alive(self) -> bool:
        return self.parent is None or shiboken6.isValid(self.parent)

    def _done_with(self) -> None:
        _running.discard(self)
        self.ctx.worker.release_finished()  # the jobs done before this one (worker.py)
        slot = self._slot()
        if slot is not None:
            with _latest_lock:
                if _latest.get(slot) == self.serial:
                    del _latest[slot]

    def _announce_change(self, result: object) -> None:
        """Tell every view what the work changed; the initiator is None once gone."""
        if self._announce is None:
            return
        kind, refs = self._announce
        references = refs(result)  # type: ignore[arg-type]
        if references is None:  # the work wrote nothing (a save that found a conflict)
            return
        initiator = self.parent if self._alive() else None
        self.ctx.changes.announce(list(references), kind, initiator)

    def _finished(self, result: object) -> None:
        stale = result is _Dropped or self.is_stale() or not self._alive()
        self._done_with()
        if stale:
            self.state = "dropped"
            if result is not _Dropped:
                # The work ran (a save did happen): only its success callback is skipped;
                # what it changed is still announced, or the other views stay stale.
                self._announce_change(result)
            return
        self.state = "done"
        try:
            if self._success is not None:
                self._success(result)  # type: ignore[arg-type]
            self._announce_change(result)
        except OPERATION_ERRORS as exc:  # the last step, on the GUI thread, failed
            self._report(exc)
        finally:
            if self._finally is not None:
                self._finally()

    def _failed(self, exc: BaseException) -> None:
        stale = self.is_stale() or not self._alive()
        self._done_with()
        if stale:
            self.state = "dropped"
            return
        self.state = "failed"
        try:
            if not isinstance(exc, OPERATION_ERRORS) and not isinstance(exc, Cancelled):
                raise exc  # a bug: to the last net, as a slot's own exception would go
            self._report(exc)
        finally:
            if self._finally is not None:
                self._finally()

    def _report(self, exc: BaseException) -> None:
        if self.ctx.locked and self._failure is None:
            self.ctx.after_unlock.append(lambda: self._report(exc))  # not over the lock
            return
        if self._failure is not None:
            self._failure(exc)
        elif not isinstance(exc, Cancelled):
            title = self.failure_title or QCoreApplication.translate("Operation", "Case Manager")
            # A model (a QObject, not a widget) has no window to put the box over.
            show_failure(self.parent if isinstance(self.parent, QWidget) else None, title, exc)

    # ------------------------------------------------------------------ waiting

    def wait(self) -> str:
        """Spin the event loop (painting goes on) until this operation has finished;
        its state. Only where Qt wants an answer at once: "Save?" while closing."""
        if self.state == "queued":
            loop = QEventLoop()
            while self.state == "queued":
                loop.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        return self.state


class _DroppedType:
    def __repr__(self) -> str:
        return "<dropped>"


_Dropped = _DroppedType()
