"""The one thread the window's database work runs on.

Every operation the GUI starts (ui/operations/operation.py, and the long jobs of
ui/operations/background.py) is handed to the application context's `DatabaseWorker`,
which runs them one after the other, in the order they were submitted (FIFO), on a
single thread. So two operations never run at once, an operation sees everything the
ones before it wrote, and the GUI thread only paints.

Not Qt's global QThreadPool: a pool runs jobs in parallel and in no promised order,
which is right for pure computing and wrong for a database (Anki's taskman keeps
collection work on one thread for the same reason). Results never come back through
this class: each job emits its own queued signals to an object on the GUI thread.
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
import weakref
from collections.abc import Callable

log = logging.getLogger("casemanager.ui")

_STOP = object()

# How long a thread that holds the GIL may run before a waiting thread gets it (CPython's
# default is 5 ms). PySide lets the GIL go around most Qt calls, so while the worker runs
# Python, every such call on the GUI thread waited up to the interval to take it back: a
# progress update or a tab's layout made of a few dozen calls stopped the window for
# 70–220 ms with only 5–15 ms of its own work (stall probe, import of 2,000 rows). At
# 0.5 ms those gaps were gone (benchmarks/results.md); the worker is interrupted only
# while the GUI thread has something to do.
GIL_SWITCH_INTERVAL_S = 0.0005
_workers: weakref.WeakSet[DatabaseWorker] = weakref.WeakSet()
# Called after every submit, on the submitting thread (ui/operations/turns.py starts the
# GUI thread's beat with it).
on_submit: Callable[[], None] | None = None


def all_workers() -> list[DatabaseWorker]:
    """Every worker made in this process and not yet garbage (tests stop them)."""
    return list(_workers)


def release_all_finished() -> None:
    """`release_finished()` on every worker (on the GUI thread)."""
    for worker in list(_workers):
        worker.release_finished()


def all_idle() -> bool:
    """Whether every worker in the process has finished what it was given."""
    return all(worker.is_idle() for worker in list(_workers))


class DatabaseWorker:
    """A FIFO queue of callables and the one thread that runs them.

    `submit(job)` returns at once; `job()` runs later on the worker thread. A job must
    not raise (operations catch everything and hand it to the GUI thread); one that does
    is logged and the worker goes on. The thread is started on first use and is a daemon,
    so a forgotten `stop()` never keeps the process alive."""

    def __init__(self, name: str = "casemanager-db") -> None:
        self._name = name
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._pending = 0  # submitted and not yet finished (tests and the stall probe read it)
        # Finished jobs, kept until the GUI thread lets them go (release_finished): a job
        # holds Qt objects (an operation's relay), and the last reference to one dropped
        # here, on the worker, made PySide disconnect its signals from this thread, which
        # deadlocked against the GUI thread (py-spy: `_loop` rebinding `job`).
        self._finished: list[Callable[[], object]] = []
        self._stopped = False
        _workers.add(self)

    # ------------------------------------------------------------------ state

    @property
    def thread_id(self) -> int | None:
        """The worker thread's `threading.get_ident()`, once started."""
        return self._thread.ident if self._thread is not None else None

    def on_worker(self) -> bool:
        """Whether the caller runs on this worker's thread."""
        return self._thread is not None and threading.get_ident() == self._thread.ident

    @property
    def pending(self) -> int:
        """Jobs submitted that have not finished yet (0: idle)."""
        with self._lock:
            return self._pending

    def is_idle(self) -> bool:
        return self.pending == 0

    @property
    def stopped(self) -> bool:
        """Whether `stop()` was called (it takes no more jobs)."""
        with self._lock:
            return self._stopped

    # ------------------------------------------------------------------ running

    def submit(self, job: Callable[[], object]) -> None:
        with self._lock:
            if self._stopped:
                raise RuntimeError("the database worker has stopped")
            self._pending += 1
            if self._thread is None:
                if sys.getswitchinterval() > GIL_SWITCH_INTERVAL_S:
                    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
                self._thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
                self._thread.start()
        self._queue.put(job)
        if on_submit is not None:
            on_submit()

    def _loop(self) -> None:
        while True:
            job = self._queue.get()
            if job is _STOP:
                return
            try:
                job()
            except BaseException:  # noqa: BLE001 - a job's own bug must not end the worker
                log.exception("a database job raised")
            finally:
                with self._lock:
                    self._finished.append(job)
                    self._pending -= 1
                del job  # the list holds it now; the worker must not be the last holder

    def release_finished(self) -> None:
        """Let the finished jobs go, on the calling thread (the GUI thread: the garbage
        collector's timer, an operation's delivery, stop()). Does nothing on the worker."""
        if self.on_worker():
            return
        with self._lock:
            done, self._finished = self._finished, []
        done.clear()  # deallocation happens here, outside the lock

    def stop(self, timeout: float | None = 30.0) -> None:
        """Let the jobs already queued finish, then end the thread (at application exit,
        before the database is closed)."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
            thread = self._thread
        if thread is not None:
            self._queue.put(_STOP)
            thread.join(timeout)
        self.release_finished()
