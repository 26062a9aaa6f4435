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
50 ms, and the middle generation every second young one: a collection costs about 0.3 µs
per object it walks and stops every thread, so it must come often enough to find few.
The oldest generation is collected only once it has grown by a quarter since its last
collection (CPython's own rule, Modules/gcmodule.c, which a plain `gc.collect(2)` skips),
and what the window holds once it has started (modules, classes, its widgets) is frozen
out of every collection (`settle_after_start`, gc.freeze): at 100,000 cases a full
collection took 120–145 ms, after the freeze under 1 ms. Measured with the stall probe's
import of 2,000 rows into 100,000 cases (benchmarks/results.md): at 50,000 / 20 / 500 ms a
young collection took 16–44 ms of the GUI thread and a middle one 112–168 ms.
"""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QObject, QTimer

# Per generation: how far gc.get_count() may grow before that generation is collected.
THRESHOLDS: tuple[int, int, int] = (10_000, 2, 100)
# A timer with nothing due costs nothing; see the module's text for why so often.
INTERVAL_MS = 50
# The oldest generation waits until it holds this much more than after its last collection.
OLDEST_GROWTH = 0.25


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
        self._oldest_after = 0  # objects in the oldest generation after its last collection
        self.frozen = False
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
        if due == 2 and not self._oldest_has_grown():
            due = 1
        if due is None:
            return None
        gc.collect(due)
        self.collections[due] += 1
        if due == 2:
            self._oldest_after = len(gc.get_objects(2))
        return due

    def _oldest_has_grown(self) -> bool:
        """Whether the oldest generation has grown by OLDEST_GROWTH since it was last
        collected (counting its objects costs a list of references, not a walk)."""
        return len(gc.get_objects(2)) > self._oldest_after * (1 + OLDEST_GROWTH)

    def settle_after_start(self) -> None:
        """Once the window has started: one full collection, then everything left is
        frozen out of later collections (gc.freeze). Call it on the GUI thread."""
        self.collect_now()
        gc.freeze()
        self._oldest_after = 0
        self.frozen = True

    def collect_now(self) -> int:
        """A full collection now; returns the number of unreachable objects found."""
        from ui.operations.worker import release_all_finished

        release_all_finished()
        self.collections[2] += 1
        found = gc.collect()
        self._oldest_after = len(gc.get_objects(2))
        return found


_installed: MainThreadCollector | None = None


def install(app: QObject) -> MainThreadCollector:
    """The application's collector (made on first call, living as long as `app`). Call
    it on the GUI thread, before the database worker starts."""
    global _installed
    if _installed is None or not shiboken6.isValid(_installed):
        _installed = MainThreadCollector(app)
    return _installed
