"""The window's thread beats, and the database worker pauses for it when the beat is
late (ui/operations/turns.py, casemanager/system/gil_turns.py): without it an import's
SQLite steps kept the GIL from the window for a quarter of a second."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text

from casemanager.system import gil_turns
from ui.app import application
from ui.operations import turns
from ui.operations.worker import DatabaseWorker


def test_the_application_beats_on_the_gui_thread(qapp, qtbot):
    assert application() is qapp
    beat = turns.install(qapp)
    assert gil_turns.beating()
    qtbot.wait(3 * turns.BEAT_MS)
    assert gil_turns._beating_thread == threading.main_thread().ident
    # beating now: a worker is not held up (a beat is never older than an hour)
    assert beat is turns.install(qapp)  # one per application


def test_the_worker_pauses_while_the_gui_thread_waits(qapp, qtbot, sqlite_db):
    turns.install(qapp)
    qtbot.wait(3 * turns.BEAT_MS)
    worker = DatabaseWorker(name="turns-test")
    done = threading.Event()
    counted: dict[str, int] = {}

    def work() -> None:
        before = gil_turns.pauses
        with sqlite_db.session() as session:
            for _ in range(200):
                session.execute(text("SELECT 1")).all()
        counted["pauses"] = gil_turns.pauses - before
        done.set()

    # The GUI thread runs no event loop while the worker works (as when it waits for
    # the GIL): its beat goes stale and every statement after that pauses.
    time.sleep(2 * gil_turns.STALE_S)
    worker.submit(work)
    assert done.wait(60)
    worker.stop()
    assert counted["pauses"] >= 200
