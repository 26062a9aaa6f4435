"""Python's cycle collector, run on the GUI thread only.

Left automatic, a collection runs on whichever thread happens to allocate, the database
worker included. When it frees a PySide object there (a wrapper holding a signal
connection), PySide calls `QObject::disconnect` from the worker: Qt takes its connection
lock and calls back into Python for the GIL, while the GUI thread, holding the GIL, waits
for that same lock in its own `disconnect` (filling a table). Both wait for ever: the
window froze, and a CI run hung in `fill_table` until it was killed (seen with PySide6
6.11, stacks from py-spy). Anki disables the automatic collector for the same reason and
collects on a main-thread timer (qt/aqt/main.py, `GarbageCollector`); this is our own.

Young collections every 10,000 net allocations (CPython's default is 700), checked every
100 ms: a collection costs about 0.3 µs per young object and stops every thread, so it
must come often enough to find few. Measured with the stall probe's import (2,000 rows,
benchmarks/results.md): at 50,000 and 500 ms a young collection took 16–44 ms of the GUI
thread; at 10,000 and 100 ms, 2–13 ms (the rarer middle-generation ones about 50 ms).
"""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QObject, QTimer

# Per generation: how far gc.get_count() may grow before that generation is collected.
THRESHOLDS: tuple[int, int, int] = (10_000, 20, 100)
# A timer with nothing due costs nothing; see the module's text for why so often.
INTERVAL_MS = 100


class MainThreadCollector(QObject):
    """Turns Python's automatic cycle collection off and, every `interval_ms` on the GUI
    thread, collects the oldest generation whose count (gc.get_count()) has passed its
    threshold, as CPython itself would. `collect_now()` runs one full collection (tests
    call it between tests). Made once per application (`install`)."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS,
                 thresholds: tuple[int, int, int] = THRESHOLDS) -> None:
        super().__init__(parent)
        self.thresholds = thresholds
        self.collections = [0, 0, 0]  # run per generation (the tests read it)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> int | None:
        """Let the workers' finished jobs go here (ui/operations/worker.py), then collect
        the oldest generation that is due; returns it, or None if none was."""
        from ui.operations.worker import release_all_finished

        release_all_finished()
        counts = gc.get_count()
        due = None
        for generation in (0, 1, 2):
            if counts[generation] > self.thresholds[generation]:
                due = generation
        if due is None:
            return None
        gc.collect(due)
        self.collections[due] += 1
        return due

    def collect_now(self) -> int:
        """A full collection now; returns the number of unreachable objects found."""
        from ui.operations.worker import release_all_finished

        release_all_finished()
        self.collections[2] += 1
        return gc.collect()


_installed: MainThreadCollector | None = None


def install(app: QObject) -> MainThreadCollector:
    """The application's collector (made on first call, living as long as `app`). Call
    it on the GUI thread, before the database worker starts."""
    global _installed
    if _installed is None or not shiboken6.isValid(_installed):
        _installed = MainThreadCollector(app)
    return _installed
