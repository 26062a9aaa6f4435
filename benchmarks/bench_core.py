"""Core figures: demo generation, opening a case, the list's first page.

Each beside a raw baseline in the same run: a bare sqlite3 query on the same file.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path

from casemanager.services import demo
from casemanager.services.cases import get_case
from casemanager.services.queries import CaseFilter, case_ids, rows_for_ids
from casemanager.store.database import open_database

CASES = 10_000


def _timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _ms(values: list[float]) -> str:
    values = sorted(values)
    return f"p50 {statistics.median(values):.2f} ms, p95 {values[int(len(values) * 0.95) - 1]:.2f} ms"


def run(work: Path) -> str:
    path = work / "core.db"
    db = open_database(str(path), create=True)
    start = time.perf_counter()
    demo.generate(db, cases=CASES, seed=1)
    gen = time.perf_counter() - start
    raw = sqlite3.connect(path)
    refs = [f"CM-{n:04d}" for n in range(1, CASES + 1, CASES // 200)]
    it = iter(refs * 3)
    show = _timed(lambda: get_case(db, next(it)), 200)
    it2 = iter(refs * 3)
    show_raw = _timed(
        lambda: raw.execute("SELECT * FROM cases WHERE reference = ?", (next(it2),)).fetchall(), 200
    )

    def first_page():
        ids = case_ids(db, CaseFilter(statuses=("detained",)), sort="family_name")
        rows_for_ids(db, ids[:100])

    page = _timed(first_page, 30)
    page_raw = _timed(
        lambda: raw.execute(
            "SELECT * FROM cases WHERE status = 'detained' ORDER BY lower(family_name), id LIMIT 100"
        ).fetchall(),
        30,
    )
    raw.close()
    db.dispose()
    return f"""## Core

| what | Case Manager | raw baseline |
|---|---|---|
| demo generation, {CASES:,} cases with contacts, appeals, events | {gen:.1f} s ({CASES / gen:,.0f} cases/s) | — |
| open a whole case (`get_case`: 12 related tables) | {_ms(show)} | {_ms(show_raw)} (one `SELECT` of the case row) |
| list: ids of all detained sorted by name + first 100 rows | {_ms(page)} | {_ms(page_raw)} (one `SELECT … LIMIT 100`) |
"""
