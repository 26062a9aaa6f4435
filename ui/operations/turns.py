"""The GUI thread's beat, so that long database work hands it the GIL in time.

A timer on the GUI thread calls `casemanager.system.gil_turns.beat()` every BEAT_MS while
the event loop runs; the database worker's statements pause briefly when the beat is
late, that is when this thread waits for the GIL (the module's text says why that wait
could last a quarter of a second). Made once per application (`install`).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer

from casemanager.system import gil_turns

BEAT_MS = 5  # well under gil_turns.STALE_S, so an idle window is never taken for a waiting one


class Beat(QObject):
    """Beats on the thread it was made on (the GUI thread) until the application quits."""

    def __init__(self, parent: QObject, interval_ms: int = BEAT_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(gil_turns.beat)
        self._timer.start()
        gil_turns.beat()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        self.destroyed.connect(gil_turns.stop_beating)

    def stop(self) -> None:
        self._timer.stop()
        gil_turns.stop_beating()


_installed: Beat | None = None


def install(app: QObject) -> Beat:
    """The application's beat (made on first call, living as long as `app`). Call it on
    the GUI thread."""
    global _installed
    if _installed is None or not shiboken6.isValid(_installed):
        _installed = Beat(app)
    return _installed
