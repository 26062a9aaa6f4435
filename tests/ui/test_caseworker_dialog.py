"""The first-start question "who are you?" that "my cases" depends on."""

from __future__ import annotations

import datetime as dt

from editor_helpers import settle
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from casemanager.services import cases, records
from casemanager.services.caseworker import caseworker_name, needs_caseworker_name
from ui.context import AppContext
from ui.followups.due_view import show_due_on_start
from ui.settings.caseworker_dialog import CaseworkerNameDialog, ask_caseworker_name


def test_name_is_asked_once_and_drives_my_cases(qtbot, sqlite_db):
    ctx = AppContext(db=sqlite_db, actor="tester")
    assert needs_caseworker_name(sqlite_db)
    dialog = CaseworkerNameDialog(ctx)
    qtbot.addWidget(dialog)
    settle(qtbot)  # the name is read on the database worker
    assert dialog.edit.text() == "tester"  # the login name is offered
    dialog.edit.clear()
    qtbot.keyClicks(dialog.edit, "Dilnoza")  # QTest types ASCII only
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    settle(qtbot)  # stored there too
    assert dialog.saved == "Dilnoza" and caseworker_name(sqlite_db) == "Dilnoza"
    names: list[str] = []
    ask_caseworker_name(ctx, then=names.append)
    settle(qtbot)
    assert names == ["Dilnoza"]  # not asked again

    # The start-up reminder opens only with something overdue, on my cases if I have any.
    opened: list = []
    show_due_on_start(ctx, shown=opened.append)
    settle(qtbot)
    assert opened == []
    ref = cases.create_case(sqlite_db, fields={"family_name": "A",
                                               "assigned_to": "DILNOZA"}).reference
    records.add_task(sqlite_db, ref, title="Call", due_date=dt.date.today() - dt.timedelta(1))
    show_due_on_start(ctx, shown=opened.append)
    settle(qtbot)
    shown = opened[0]
    qtbot.addWidget(shown)
    assert shown.isVisible() and shown.view.mine.isChecked()
    assert shown.view.tree.topLevelItem(0).text(0) == "Overdue (1)"


def test_the_first_start_questions_are_read_on_the_worker(qtbot, sqlite_db, monkeypatch):
    """needs_caseworker_name and the overdue count never run on the GUI thread."""
    import threading

    import ui.followups.due_view as due_module
    import ui.settings.caseworker_dialog as name_module

    threads: list[int] = []

    def recording(real):
        def run(*args, **kwargs):
            threads.append(threading.get_ident())
            return real(*args, **kwargs)
        return run

    monkeypatch.setattr(name_module, "needs_caseworker_name",
                        recording(name_module.needs_caseworker_name))
    monkeypatch.setattr(due_module, "overdue_count", recording(due_module.overdue_count))
    ctx = AppContext(db=sqlite_db, actor="tester")
    asked: list[str] = []
    ask_caseworker_name(ctx, then=asked.append)
    settle(qtbot)
    from ui.settings.caseworker_dialog import _asking

    dialog = next(iter(_asking))  # asked: nobody has given a name yet
    qtbot.addWidget(dialog)
    dialog.reject()
    assert asked == ["tester"]
    show_due_on_start(ctx)
    settle(qtbot)
    assert len(threads) == 3 and set(threads) == {ctx.worker.thread_id}
    assert ctx.worker.thread_id != threading.get_ident()
