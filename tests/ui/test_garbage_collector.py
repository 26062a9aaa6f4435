"""Cycles are collected on the GUI thread only (ui/operations/garbage.py): a collection
on the database worker froze the window (PySide deadlock, seen in CI)."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading

from ui.operations import garbage
from ui.operations.worker import DatabaseWorker


class _Cycle:
    finalized_on: list[int] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.finalized_on.append(threading.get_ident())


def test_cycles_made_on_the_worker_are_freed_on_the_gui_thread(qapp, qtbot):
    collector = garbage.install(qapp)
    assert not gc.isenabled()
    gc.collect()
    _Cycle.finalized_on.clear()
    worker = DatabaseWorker(name="garbage-test")
    made = threading.Event()

    def work() -> None:
        # Far past CPython's own threshold (700): left automatic, the collector would
        # run here (about 85 times), on the worker, and finalize the cycles on this thread.
        for _ in range(60_000):
            _Cycle()
        made.set()

    worker.submit(work)
    assert made.wait(30)
    worker.stop()
    before = collector.collections[0] + collector.collections[1] + collector.collections[2]
    qtbot.waitUntil(lambda: len(_Cycle.finalized_on) == 60_000, timeout=10_000)
    assert set(_Cycle.finalized_on) == {threading.main_thread().ident}
    assert sum(collector.collections) > before  # the timer did it, not a test's collect


def test_collect_due_follows_the_thresholds(qapp):
    collector = garbage.MainThreadCollector(qapp, interval_ms=60_000, thresholds=(10**9, 10, 10))
    try:
        gc.collect()
        assert collector.collect_due() is None  # nothing allocated past 10⁹
        collector.thresholds = (0, 10**9, 10**9)
        _ = [[] for _ in range(10)]
        assert collector.collect_due() == 0
    finally:
        collector.deleteLater()


def test_the_application_turns_the_automatic_collector_off():
    code = ("import gc; from ui.app import application; app = application(); "
            "print(gc.isenabled())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, env={**__import__("os").environ,
                                           "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "False"


class _Tracked:
    dropped_on: list[int] = []

    def __del__(self) -> None:
        _Tracked.dropped_on.append(threading.get_ident())


def test_a_finished_job_is_let_go_on_the_gui_thread_not_on_the_worker(qapp):
    # A job's closure holds Qt objects (an operation's relay); dropping the last reference
    # on the worker made PySide disconnect signals there and deadlock the GUI thread.
    _Tracked.dropped_on.clear()
    worker = DatabaseWorker(name="release-test")
    ran = threading.Event()

    def submit_holding(tracked: _Tracked) -> None:
        worker.submit(lambda: tracked and ran.set())

    submit_holding(_Tracked())
    assert ran.wait(30)
    second = threading.Event()
    worker.submit(second.set)  # the worker takes its next job: the first is not dropped there
    assert second.wait(30)
    import time

    deadline = time.monotonic() + 10
    while not worker.is_idle() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _Tracked.dropped_on == []
    worker.release_finished()
    assert _Tracked.dropped_on == [threading.main_thread().ident]
    worker.stop()


def test_the_oldest_generation_waits_until_it_has_grown_by_a_quarter(qapp):
    """A full collection walks every object the window holds (120–145 ms at 100,000
    cases); as in CPython, it waits until the oldest generation has grown by 25 %."""
    collector = garbage.MainThreadCollector(qapp, interval_ms=60_000, thresholds=(0, 0, 0))

    def every_generation_due_by_count() -> None:
        gc.collect(1)  # the oldest generation's count goes up
        gc.collect(0)  # the middle one's
        _ = [[] for _ in range(10)]  # the young one's
        assert all(count > 0 for count in gc.get_count())

    try:
        collector.collect_now()
        every_generation_due_by_count()
        assert collector.collect_due() == 1  # the oldest has not grown: the middle one
        kept = [[i] for i in range(len(gc.get_objects(2)) // 2 + 1_000)]
        every_generation_due_by_count()  # (which moves the new lists to the oldest)
        assert collector.collect_due() == 2
        every_generation_due_by_count()
        assert collector.collect_due() == 1  # and it waits again
        del kept
    finally:
        collector.deleteLater()


def test_what_the_started_window_holds_is_kept_out_of_later_collections(qapp):
    collector = garbage.MainThreadCollector(qapp, interval_ms=60_000)
    try:
        assert gc.get_freeze_count() == 0
        collector.settle_after_start()
        assert collector.frozen and gc.get_freeze_count() > 1_000
        assert len(gc.get_objects(2)) < 1_000
    finally:
        gc.unfreeze()
        collector.deleteLater()


def test_the_application_freezes_what_its_first_window_holds(tmp_path):
    code = ("import gc, os, sys; from ui.app import application, open_window; "
            "from casemanager.store.database import open_database; app = application(); "
            "before = gc.get_freeze_count(); "
            "window = open_window(open_database(sys.argv[1], create=True), smoke_test=True); "
            "print(before, gc.get_freeze_count()); sys.stdout.flush(); os._exit(0)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "cases.db")],
                         capture_output=True, text=True, timeout=120,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    before, after = map(int, out.stdout.strip().splitlines()[-1].split())
    assert before == 0 and after > 10_000
