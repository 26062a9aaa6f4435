"""Taking turns with the window's thread for Python's GIL.

A thread that lets the GIL go and takes it back many times a millisecond (every SQLite
step of a statement does: CPython's sqlite3 lets it go around `sqlite3_step`) can keep
it for as long as it works: a thread waiting for the GIL asks the holder to drop it only
when no switch happened during its wait (CPython 3.11, Python/ceval_gil.h, `take_gil`),
and each of those quick hand-backs counts as one. So while the database worker imported
2,000 rows, the window's thread woke, found the GIL taken again, and waited for up to a
quarter of a second with 10–25 ms of its own work (stall probe, /proc thread states:
the GUI thread asleep on the GIL's futex, the worker running).

The cure is a real pause: the thread that must stay responsive calls `beat()` every few
milliseconds (ui/operations/turns.py, a timer on the GUI thread); long work calls
`take_turns()` often (before every SQL statement, store/database.py; at each progress
step). When the last beat is older than STALE_S, the caller sleeps PAUSE_S, long enough
for the waiting thread to take the GIL. Without a beating thread (the command line,
tests), `take_turns()` does nothing.
"""

from __future__ import annotations

import threading
import time

# A beat older than this means the beating thread is waiting for the GIL (it beats every
# 10 ms when idle). Low enough to keep a wait well under the window's 50 ms goal.
STALE_S = 0.015
# Long enough for a thread woken at the GIL's release to take it (tens of µs), short
# enough that a worker which pauses while the GUI thread is busy elsewhere loses little.
PAUSE_S = 0.0005

_last_beat: float | None = None  # time.monotonic() of the last beat; None: nobody beats
_beating_thread: int | None = None
pauses = 0  # pauses taken so far (tests and benchmarks read it)


def beat() -> None:
    """Say that the calling thread has just had the GIL (call it every few ms)."""
    global _last_beat, _beating_thread
    _last_beat = time.monotonic()
    _beating_thread = threading.get_ident()


def stop_beating() -> None:
    """No thread waits any more (the window closed): `take_turns()` does nothing."""
    global _last_beat, _beating_thread
    _last_beat = _beating_thread = None


def beating() -> bool:
    """Whether a thread beats (a window is open in this process)."""
    return _last_beat is not None


def take_turns(stale_s: float | None = None) -> bool:
    """Pause for PAUSE_S if the beating thread has not beaten for `stale_s` seconds
    (default STALE_S: it is waiting for the GIL); returns whether it paused. Costs one clock read otherwise.
    Called on the beating thread itself, it never pauses."""
    global pauses
    last = _last_beat
    if last is None or time.monotonic() - last < (STALE_S if stale_s is None else stale_s):
        return False
    if threading.get_ident() == _beating_thread:
        return False
    pauses += 1
    time.sleep(PAUSE_S)
    return True
