"""The window's thread beats while the database worker has work, and the worker pauses
for it when the beat is late (ui/operations/turns.py, casemanager/system/gil_turns.py):
without it an import's SQLite steps kept the GIL from the window for a quarter of a
second. With the worker idle, nothing beats (an idle window does not wake 200 times a
second)."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text

from casemanager.system import gil_turns
from ui.app import application
from ui.operations import turns
from ui.operations.worker import DatabaseWorker


def test_the_gui_thread_beats_only_while_the_worker_works(qapp, qtbot):
    assert application() is qapp
    beat = turns.install(qapp)
    assert beat is turns.install(qapp)  # one per application
    qtbot.waitUntil(lambda: not beat.beating() and not gil_turns.beating())
    worker = DatabaseWorker(name="turns-idle-test")
    release = threading.Event()
    worker.submit(lambda: release.wait(30))
    qtbot.waitUntil(lambda: beat.beating() and gil_turns.beating())
    qtbot.wait(3 * turns.BEAT_MS)
    assert gil_turns._beating_thread == threading.main_thread().ident
    release.set()
    qtbot.waitUntil(lambda: not beat.beating() and not gil_turns.beating())
    worker.stop()


def test_the_worker_pauses_while_the_gui_thread_waits(qapp, qtbot, sqlite_db):
    turns.install(qapp)
    worker = DatabaseWorker(name="turns-test")
    go, done = threading.Event(), threading.Event()
    counted: dict[str, int] = {}

    def work() -> None:
        go.wait(30)
        before = gil_turns.pauses
        with sqlite_db.session() as session:
            for _ in range(200):
                session.execute(text("SELECT 1")).all()
        counted["pauses"] = gil_turns.pauses - before
        done.set()

    worker.submit(work)
    assert gil_turns.beating()  # woken by the submit, on this thread
    # The GUI thread runs no event loop now (as when it waits for the GIL): its beat
    # goes stale, and every statement after that pauses.
    time.sleep(2 * gil_turns.STALE_S)
    go.set()
    assert done.wait(60)
    worker.stop()
    assert counted["pauses"] >= 200
