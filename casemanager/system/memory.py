"""Handing memory the process has freed back to the operating system.

glibc's malloc keeps freed memory for reuse, and after a large allocation is freed it
serves the next large ones from that kept memory (its mmap threshold rises to the size
freed). So each sort of a million cases (SQLite sorts in memory here, temp_store=MEMORY,
some 50 MB for a million keys) left the window's resident memory higher: 216, 229 and
269 MiB after the first three sorts (benchmarks/results.md). `give_back()` after such
work returns the free pages (glibc's `malloc_trim`, every arena); elsewhere it does
nothing.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

_trim: Callable[[int], int] | None = None
_looked = False


def _malloc_trim() -> Callable[[int], int] | None:
    global _trim, _looked
    if not _looked:
        _looked = True
        if sys.platform.startswith("linux"):
            try:
                function = ctypes.CDLL(None).malloc_trim  # glibc; not in musl
            except (OSError, AttributeError):
                function = None
            if function is not None:
                function.argtypes = [ctypes.c_size_t]
                function.restype = ctypes.c_int
                _trim = function
    return _trim


def give_back() -> bool:
    """Return the free memory of every malloc arena to the system (the GIL is let go
    meanwhile: ctypes); whether anything was given back."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False
