"""casemanager.system.memory: memory a thread freed in the middle of its heap (kept by
glibc for reuse, as after SQLite's in-memory sort of a million keys) goes back to the
system."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from casemanager.system import memory

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or memory._malloc_trim() is None,
    reason="malloc_trim is glibc's")


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_freed_memory_in_a_threads_heap_is_given_back():
    kept: list[bytearray] = []

    def work() -> None:
        # 96 MB in blocks of 64 kB (below malloc's mmap threshold: from the heap); every
        # sixteenth stays, so the freed ones are holes glibc does not trim by itself.
        blocks = [bytearray(64 * 1024) for _ in range(1536)]
        kept.extend(blocks[::16])
        del blocks

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    before = _rss_mib()
    assert memory.give_back()
    after = _rss_mib()
    assert before - after > 48, (before, after)
    assert len(kept) == 96
