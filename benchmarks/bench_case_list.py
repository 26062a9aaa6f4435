"""The case list at scale: how long the main window takes to show its first page of
cases, and how much memory it holds, over a large demo database.

`BENCH_CASE_LIST_DB=/path/to.db` reuses an existing demo database (making 100,000 demo
cases takes about ten minutes); otherwise `BENCH_CASE_LIST_CASES` (default 100000)
demo cases are made in the work folder. The raw baseline is sqlite3 reading every id
in order, which the list cannot beat since it starts with exactly that.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def run(work: Path) -> str:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from casemanager.services import demo
    from casemanager.services.queries import CaseFilter
    from casemanager.store.database import open_database
    from ui.cases.case_table import FAMILY_NAME, NEXT_FOLLOW_UP
    from ui.context import AppContext
    from ui.main_window import MainWindow

    path = os.environ.get("BENCH_CASE_LIST_DB")
    if not path:
        path = str(work / "cases.db")
        cases = int(os.environ.get("BENCH_CASE_LIST_CASES", "100000"))
        db = open_database(path, create=True)
        demo.generate(db, cases=cases, seed=3)
        db.dispose()
    app = QApplication.instance() or QApplication([])
    db = open_database(path)

    raw = sqlite3.connect(path) if db.dialect == "sqlite" else None
    baseline = (
        _timed(lambda: raw.execute("SELECT id FROM cases ORDER BY id").fetchall())
        if raw
        else float("nan")
    )
    settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
    rss_before = _rss_mib()
    window: MainWindow | None = None

    def open_window() -> None:
        nonlocal window
        window = MainWindow(AppContext(db=db, actor="bench", settings=settings))
        window.resize(1320, 820)
        window.show()
        window.grab()  # paints, so the rows on screen are fetched
        app.processEvents()

    first_page = _timed(open_window)
    assert window is not None
    rss_after = _rss_mib()
    model = window.case_list.model
    total = model.total_count
    table = window.case_list.table
    scroll = _timed(lambda: (table.scrollTo(model.index(total // 2, 0)), window.grab()))
    sort_name = _timed(lambda: table.sortByColumn(FAMILY_NAME, Qt.SortOrder.AscendingOrder))
    sort_follow = _timed(lambda: table.sortByColumn(NEXT_FOLLOW_UP, Qt.SortOrder.DescendingOrder))
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    search = _timed(lambda: model.set_filter(CaseFilter(query="турсунов")))
    found = model.shown_count
    status = _timed(lambda: model.set_filter(CaseFilter(statuses=("detained",))))
    pages = model.pages_fetched
    window.close()
    db.dispose()
    return "\n".join([
        f"## Case list ({total:,} cases, {db.dialect})",
        "",
        "| What | Time / size |",
        "|---|---|",
        f"| Raw baseline: sqlite3 reads every id in order | {baseline:.0f} ms |",
        f"| Main window built and first page painted | {first_page:.0f} ms |",
        f"| Memory added by the window (RSS) | {rss_after - rss_before:.1f} MiB "
        f"(process {rss_after:.0f} MiB) |",
        f"| Scroll to the middle and paint | {scroll:.0f} ms |",
        f"| Sort by family name | {sort_name:.0f} ms |",
        f"| Sort by next follow-up (computed per case) | {sort_follow:.0f} ms |",
        f"| Search 'турсунов' ({found:,} found) | {search:.0f} ms |",
        f"| Filter status = detained | {status:.0f} ms |",
        f"| Pages of 100 rows fetched in all of the above | {pages} |",
    ])
