"""The first-start question "who are you?" that "my cases" depends on."""

from __future__ import annotations

import datetime as dt

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
    assert dialog.edit.text() == "tester"  # the login name is offered
    dialog.edit.clear()
    qtbot.keyClicks(dialog.edit, "Dilnoza")  # QTest types ASCII only
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert dialog.saved == "Dilnoza" and caseworker_name(sqlite_db) == "Dilnoza"
    assert ask_caseworker_name(ctx) == "Dilnoza"  # not asked again

    # The start-up reminder opens only with something overdue, on my cases if I have any.
    assert show_due_on_start(ctx) is None
    ref = cases.create_case(sqlite_db, fields={"family_name": "A",
                                               "assigned_to": "DILNOZA"}).reference
    records.add_task(sqlite_db, ref, title="Call", due_date=dt.date.today() - dt.timedelta(1))
    shown = show_due_on_start(ctx)
    qtbot.addWidget(shown)
    assert shown.isVisible() and shown.view.mine.isChecked()
    qtbot.waitUntil(lambda: shown.view.tree.topLevelItem(0) is not None)  # read on the worker
    assert shown.view.tree.topLevelItem(0).text(0) == "Overdue (1)"
