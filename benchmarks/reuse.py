"""The size and the reused database the benchmarks share (issue 18's million-case runs).

`CM_BENCH_CASES` is how many demo cases a benchmark makes (default 100,000; `make
bench-1m` sets 1,000,000). `CM_BENCH_DB` names a demo database made earlier: it is
copied into the benchmark's work folder and only the copy is opened, so the original is
never changed. Each benchmark's older variables still work after these.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

DEFAULT_CASES = 100_000


def bench_cases(*older: str) -> int:
    """How many demo cases to make: CM_BENCH_CASES, else the first of `older` set."""
    for name in ("CM_BENCH_CASES", *older):
        if os.environ.get(name):
            return int(os.environ[name])
    return DEFAULT_CASES


def reused_database(*older: str) -> Path | None:
    """The database to reuse: CM_BENCH_DB, else the first of `older` set; None to make one."""
    for name in ("CM_BENCH_DB", *older):
        if os.environ.get(name):
            return Path(os.environ[name])
    return None


def copy_database(source: Path, dest: Path) -> Path:
    """Copy the database file `source` to `dest`, without opening `source`.

    Only the .db file is copied: a non-empty -wal beside it would hold committed pages the
    copy lacks (the file is open, or was not closed cleanly), so that is refused. No stale
    -wal, -shm or -journal is left beside the copy for SQLite to pick up."""
    if not source.is_file():
        raise SystemExit(f"{source}: no such database file")
    wal = source.with_name(source.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise SystemExit(f"{wal} is not empty: {source} is open or was not closed cleanly; "
                         "copying the .db alone would lose what the log holds")
    for suffix in ("-wal", "-shm", "-journal"):
        dest.with_name(dest.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, dest)
    return dest
