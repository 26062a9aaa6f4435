"""The overview view: charts and tables show the figures, "my cases" narrows them, and
"Save as PDF" writes a one-page report off the GUI thread."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import text

from casemanager.services import cases, demo, records
from ui.context import AppContext
from ui.labels import date_text, word
from ui.reports.overview_view import OverviewView


def test_overview_figures_my_cases_and_pdf(qtbot, sqlite_db, tmp_path):
    demo.generate(sqlite_db, cases=80, seed=2)
    ref = cases.create_case(sqlite_db, fields={"name_native": "Турсунов Алишер",
                                               "assigned_to": "tester"}).reference
    due = dt.date.today() - dt.timedelta(days=40)
    records.add_task(sqlite_db, ref, title="Call the mother", due_date=due)
    ctx = AppContext(db=sqlite_db, actor="tester")
    view = OverviewView(ctx)
    qtbot.addWidget(view)
    assert view.summary.text() == "Counting…" and not view.pdf_button.isEnabled()
    qtbot.waitUntil(lambda: view.overview is not None)
    with sqlite_db.engine.connect() as conn:
        rows = conn.execute(text("SELECT status, COUNT(*) FROM cases GROUP BY status"))
        expected = {word("status", status): n for status, n in rows}  # the vocabulary's words
    panel = view.panels["status"]
    shown = {label: n for label, n in panel.chart.rows() if n}
    assert shown == expected
    table = {panel.table.item(r, 0).text(): int(panel.table.item(r, 1).text())
             for r in range(panel.table.rowCount()) if panel.table.item(r, 1).text() != "0"}
    assert table == expected
    assert view.summary.text().startswith("All cases: 81")
    assert view.lists.tabText(1).startswith("Overdue follow-ups (")
    # Due dates as the window writes them (not ISO), sorted as dates, not as text.
    dues = [view.overdue.item(r, 0).text() for r in range(view.overdue.rowCount())]
    assert date_text(due) in dues and due.isoformat() not in dues
    view.overdue.sortItems(0)
    order = [view.overdue.item(r, 0).data(Qt.ItemDataRole.UserRole)
             for r in range(view.overdue.rowCount())]
    assert order == sorted(order)

    with qtbot.waitSignal(view.refreshed):
        view.mine.setChecked(True)  # the caseworker is "tester" ($CASEMANAGER_USER)
    assert view.summary.text() == "My cases: 1 · 1 open"
    assert view.stale.rowCount() == 0

    target = tmp_path / "overview.pdf"
    with qtbot.waitSignal(view.pdf_saved, timeout=20000) as saved:
        view.save_pdf(target)
    assert saved.args == [str(target)]
    reader = PdfReader(target)
    assert len(reader.pages) == 1
    assert "Cases of tester" in reader.pages[0].extract_text()
    assert view.pdf_button.isEnabled()


def test_the_overview_and_the_name_are_read_on_the_database_worker(qtbot, sqlite_db,
                                                                   monkeypatch):
    import threading

    import ui.reports.overview_view as module

    threads: list[int] = []
    for name in ("overview", "caseworker_name"):
        real = getattr(module, name)

        def recording(*args, _real=real, **kwargs):
            threads.append(threading.get_ident())
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, recording)
    ctx = AppContext(db=sqlite_db, actor="tester")
    view = OverviewView(ctx)
    qtbot.addWidget(view)
    shown = []
    view.refreshed.connect(lambda: shown.append(1))
    view.refresh()  # a second request before the first is shown: only the newest shows
    from ui.operations.operation import settled

    qtbot.waitUntil(settled)
    assert shown == [1]
    assert threads and set(threads) == {ctx.worker.thread_id} != {threading.get_ident()}
