"""The GUI thread's beat, so that long database work hands it the GIL in time.

While the database worker has work, a timer on the GUI thread calls
`casemanager.system.gil_turns.beat()` every BEAT_MS; the worker's statements pause
briefly when the beat is late, that is when this thread waits for the GIL (gil_turns
says why that wait could last a quarter of a second). With the worker idle the timer
stops, so an idle window does not wake 200 times a second (a laptop's battery). Made
once per application (`install`).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from casemanager.system import gil_turns
from ui.operations import worker

BEAT_MS = 5  # well under gil_turns.STALE_S, so an answering window is never taken for a waiting one


class Beat(QObject):
    """Beats on the thread it was made on (the GUI thread) while any database worker has
    work, until the application quits. `wake()` may be called from any thread."""

    _woken = Signal()

    def __init__(self, parent: QObject, interval_ms: int = BEAT_MS) -> None:
        super().__init__(parent)
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._woken.connect(self._start)  # queued when woken from another thread
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        self.destroyed.connect(gil_turns.stop_beating)

    def wake(self) -> None:
        """Work was submitted: beat until every worker is idle again."""
        self._woken.emit()

    def beating(self) -> bool:
        return self._timer.isActive()

    def _start(self) -> None:
        if self._stopped:
            return
        gil_turns.beat()
        if not self._timer.isActive():
            self._timer.start()

    def _tick(self) -> None:
        if worker.all_idle():
            self._timer.stop()
            gil_turns.stop_beating()
        else:
            gil_turns.beat()

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()
        gil_turns.stop_beating()


_installed: Beat | None = None


def install(app: QObject) -> Beat:
    """The application's beat (made on first call, living as long as `app`), woken by
    every job submitted to a database worker. Call it on the GUI thread."""
    global _installed
    if _installed is None or not shiboken6.isValid(_installed):
        _installed = Beat(app)
        worker.on_submit = _wake
    return _installed


def _wake() -> None:
    beat = _installed
    if beat is not None and shiboken6.isValid(beat):
        beat.wake()
