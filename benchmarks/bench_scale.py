"""Costs that must not grow with the database (issue 18): opening and starting a command,
the overview, the due list, the duplicate finder, and making the demo data.

Sizes: `CM_BENCH_CASES` (default 100,000; `make bench-1m` sets 1,000,000). A database
made earlier can be reused with `CM_BENCH_DB` (a copy is measured; generation is then not
timed). Every figure is CPU time (user + system: the machine is shared, wall-clock time
is noise), the median of several runs, beside a raw baseline from the same run.
"""

from __future__ import annotations

import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from casemanager.services.followups import count_due, due_items
from casemanager.services.overview import overview
from casemanager.store.database import open_database, quick_check

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
SMALL = 300


def _cases() -> int:
    return int(os.environ.get("CM_BENCH_CASES", "100000"))


def _child_cpu(cmd: list[str], repeat: int = 5, env: dict | None = None) -> float:
    """Median CPU seconds (user + system) of a whole process."""
    out = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                           env={**os.environ, **(env or {})}, cwd=ROOT)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed: {r.stderr.strip()[-300:]}")
        out.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(out)


def _cpu(fn, repeat: int = 5) -> float:
    """Median CPU seconds of fn() in this process."""
    out = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        out.append(time.process_time() - start)
    return statistics.median(out)


def _s(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def _generate(path: Path, cases: int, seed: int) -> tuple[float, float]:
    """(CPU s, wall s) of `casemanager demo` as a whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([PY, "-m", "casemanager", "--db", str(path), "demo", "--cases", str(cases),
                    "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def _duplicates(path: Path) -> tuple[float, float, int]:
    """(CPU s, peak RSS MiB, pairs) of find_duplicates in a process of its own."""
    code = ("import resource, sys, time\n"
            "from casemanager.store.database import open_database\n"
            "from casemanager.services.duplicates import find_duplicates\n"
            "db = open_database(sys.argv[1])\n"
            "t = time.process_time(); n = len(find_duplicates(db))\n"
            "print(time.process_time() - t, "
            "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, n)\n")
    r = subprocess.run([PY, "-c", code, str(path)], capture_output=True, text=True, check=True,
                       cwd=ROOT)
    cpu, rss, pairs = r.stdout.split()
    return float(cpu), float(rss), int(pairs)


def run(work: Path) -> str:
    cases = _cases()
    small = work / "small.db"
    _generate(small, SMALL, 7)
    large = work / "large.db"
    reused = os.environ.get("CM_BENCH_DB")
    if reused:
        # SQLite's backup API: a consistent copy, WAL included.
        src, dest = sqlite3.connect(reused), sqlite3.connect(large)
        src.backup(dest)
        src.close()
        dest.close()
        gen_cpu = gen_wall = None
        # Bring it to the current schema now, so no figure below includes the upgrade.
        open_database(str(large)).dispose()
    else:
        gen_cpu, gen_wall = _generate(large, cases, 3)

    # ---- item 1: opening and starting a command
    cli = [PY, "-m", "casemanager", "--db"]
    bare = _child_cpu([PY, "-c", "pass"])
    orm = _child_cpu([PY, "-c", "import sqlalchemy.orm"])
    models = _child_cpu([PY, "-c", "import casemanager.store.models"])
    show_small = _child_cpu([*cli, str(small), "show", "CM-0001"])
    show_large = _child_cpu([*cli, str(large), "show", "CM-0001"])
    list_small = _child_cpu([*cli, str(small), "list", "--status", "missing"])
    due_small = _child_cpu([*cli, str(small), "due", "--days", "7"])
    due_large = _child_cpu([*cli, str(large), "due", "--days", "7"])
    stats_large = _child_cpu([*cli, str(large), "stats"], repeat=3)
    db = open_database(str(large))
    check = _cpu(lambda: quick_check(db), repeat=3)
    opened = _cpu(lambda: open_database(str(large)).dispose(), repeat=5)
    opened_checked = _cpu(lambda: open_database(str(large), quick_check=True).dispose(), 3)

    # ---- item 3: overview, due list, duplicates
    raw = sqlite3.connect(large)
    ov = _cpu(lambda: overview(db))
    ov_whole = _cpu(lambda: overview(db, list_limit=None), repeat=1)
    ov_raw = _cpu(lambda: raw.execute(
        "SELECT status, count(*) FROM cases GROUP BY status").fetchall())
    due = _cpu(lambda: (due_items(db, days=7, limit=500), count_due(db, days=7)))
    due_whole = _cpu(lambda: due_items(db, days=7), repeat=1)
    n_due = count_due(db, days=7)
    due_raw = _cpu(lambda: raw.execute(
        "SELECT * FROM appeals JOIN cases ON cases.id = appeals.case_id "
        "WHERE follow_up_date <= date('now', '+7 days') AND appeals.status IN "
        "('draft','sent','acknowledged','no_response') ORDER BY follow_up_date LIMIT 500"
    ).fetchall())
    total = raw.execute("SELECT count(*) FROM cases").fetchone()[0]
    raw.close()
    db.dispose()
    dup = _duplicates(large) if total <= 200_000 else None

    gen_line = (f"| `demo --cases {cases:,}` (whole process) | {_s(gen_cpu)} CPU, {_s(gen_wall)} wall "
                f"({cases / gen_cpu:,.0f} cases/s of CPU) | — |") if gen_cpu else (
        f"| `demo` | not timed: the database was reused from {reused} | — |")
    dup_line = (f"| `find_duplicates` over all cases | {_s(dup[0])} CPU, peak {dup[1]:.0f} MiB, "
                f"{dup[2]:,} pairs | — (goal ≤ 3 s, ≤ 200 MB) |") if dup else (
        "| `find_duplicates` | not run above 200,000 cases (the goal is at 100,000) | — |")
    return f"""## Scale: {total:,} cases (issue 18)

CPU time (user + system), median of 3–5 runs; the machine is shared, so wall-clock time
is not comparable between runs. "Small" is a {SMALL}-case database in the same run.

| what | Case Manager | raw baseline, same run |
|---|---|---|
| `show CM-0001`, whole process, small / large | {_s(show_small)} / {_s(show_large)} | bare interpreter {_s(bare)}; `import sqlalchemy.orm` {_s(orm)}; our models {_s(models)} |
| `list --status missing`, whole process, small | {_s(list_small)} | as above |
| `due --days 7`, whole process, small / large | {_s(due_small)} / {_s(due_large)} | as above |
| `stats`, whole process, large | {_s(stats_large)} | as above |
| open the large database (no unclean shutdown) | {_s(opened)} | `PRAGMA quick_check` alone {_s(check)}; open with the check (as before) {_s(opened_checked)} |
| overview (counts, first 200 stale and overdue, 25 recent) | {_s(ov)} | one `GROUP BY status` {_s(ov_raw)}; the overview with every stale and overdue item listed {_s(ov_whole)} |
| due list, next 7 days: the 500 most urgent + the count of all {n_due:,} | {_s(due)} | one `SELECT` of open appeals due, `LIMIT 500` {_s(due_raw)}; all {n_due:,} items built {_s(due_whole)} |
{dup_line}
{gen_line}
"""
