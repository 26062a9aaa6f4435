"""Long database work hands the GIL to a waiting window (casemanager/system/gil_turns.py).

The window's thread beats; a thread doing database work pauses when the beat is late.
These tests hold the beat still (the test's own thread beats once, then does not), so
every pause is certain; the stall probe in benchmarks/ measures what it buys.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from casemanager.system import gil_turns


@pytest.fixture
def beat_once():
    """This thread has beaten once and then stopped (a window waiting for the GIL)."""
    gil_turns.beat()
    yield
    gil_turns.stop_beating()


def on_another_thread(work):
    """Run `work()` on a thread of its own; return (its result, the pauses it took)."""
    out: dict = {}

    def run() -> None:
        before = gil_turns.pauses
        out["result"] = work()
        out["pauses"] = gil_turns.pauses - before

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert not thread.is_alive()
    return out["result"], out["pauses"]


def test_nobody_beats_no_pause():
    gil_turns.stop_beating()
    assert not gil_turns.beating()
    assert on_another_thread(lambda: gil_turns.take_turns(stale_s=0.0)) == (False, 0)


def test_a_late_beat_makes_another_thread_pause(beat_once):
    assert on_another_thread(lambda: gil_turns.take_turns(stale_s=0.0)) == (True, 1)
    # a beat within the allowed age: no pause
    assert on_another_thread(lambda: gil_turns.take_turns(stale_s=3600.0)) == (False, 0)


def test_the_beating_thread_itself_never_pauses(beat_once):
    assert gil_turns.take_turns(stale_s=0.0) is False


def test_every_statement_and_every_fetch_gives_a_turn(sqlite_db, beat_once, monkeypatch):
    """Database work on a worker thread pauses before each statement and between the
    chunks of a long fetch, where SQLite's steps would otherwise keep the GIL."""
    monkeypatch.setattr(gil_turns, "STALE_S", 0.0)

    def statements() -> int:
        with sqlite_db.session() as session:
            for _ in range(10):
                session.execute(text("SELECT 1")).all()
        return 10

    _, pauses = on_another_thread(statements)
    assert pauses >= 10

    def long_fetch() -> int:
        with sqlite_db.session() as session:
            rows = session.execute(text(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                "WHERE i < 5000) SELECT i FROM n")).all()
        return len(rows)

    count, pauses = on_another_thread(long_fetch)
    assert count == 5000
    assert pauses >= 5000 // 200  # one turn per chunk of the fetch, beside the statement
