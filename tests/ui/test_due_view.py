"""The due view driven as a caseworker would: filter, mark done, move a date."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from casemanager.services import cases, records
from casemanager.store.models import Appeal, AuditEntry, Task
from ui.context import AppContext
from ui.followups.due_view import DueView, has_overdue, open_due_view
from ui.labels import date_text
from ui.operations.operation import settled

TODAY = dt.date.today()


@pytest.fixture
def ctx(sqlite_db):
    a = cases.create_case(sqlite_db, fields={"family_name": "Tursunov", "given_name": "Alisher",
                                             "assigned_to": "tester"}).reference
    b = cases.create_case(sqlite_db, fields={"name_native": "Каримов Рустам",
                                             "assigned_to": "Marat"}).reference
    ctx = AppContext(db=sqlite_db, actor="tester")
    ctx.ids = {  # type: ignore[attr-defined]
        "task": records.add_task(sqlite_db, a, title="Call the mother",
                                 due_date=TODAY - dt.timedelta(days=2)),
        "appeal": records.add_appeal(sqlite_db, b, subject="Proof of life", status="sent",
                                     follow_up_date=TODAY),
        "week": records.add_task(sqlite_db, b, title="Send photo", assignee="Marat",
                                 due_date=TODAY + dt.timedelta(days=4)),
    }
    return ctx


def top_titles(view: DueView) -> list[str]:
    return view.headings()


def settle(qtbot) -> None:
    """What is due is read on the database worker: wait until it is shown."""
    qtbot.waitUntil(settled, timeout=10_000)


def test_groups_and_filters(qtbot, ctx):
    view = DueView(ctx)
    qtbot.addWidget(view)
    settle(qtbot)
    assert top_titles(view) == ["Overdue (1)", "Today (1)", "This week (1)"]
    assert view.summary.text() == "3 due, 1 overdue"
    view.mine.setChecked(True)  # CASEMANAGER_USER is tester
    settle(qtbot)
    assert top_titles(view) == ["Overdue (1)"]
    assert not view.assignee.isEnabled()
    view.mine.setChecked(False)
    settle(qtbot)
    view.assignee.setCurrentIndex(view.assignee.findData("Marat"))
    settle(qtbot)
    assert top_titles(view) == ["Today (1)", "This week (1)"]
    assert has_overdue(ctx) and has_overdue(ctx, mine=True)


def test_mark_done_from_the_view(qtbot, ctx):
    view = DueView(ctx)
    qtbot.addWidget(view)
    view.show()
    settle(qtbot)
    assert not view.done_button.isEnabled()
    assert view.select_item("task", ctx.ids["task"])
    assert view.done_button.text() == "Mark done"
    with qtbot.waitSignal(ctx.changes.cases_changed):
        qtbot.mouseClick(view.done_button, Qt.MouseButton.LeftButton)
        settle(qtbot)
    assert top_titles(view) == ["Today (1)", "This week (1)"]
    with ctx.db.session() as s:
        assert s.get(Task, ctx.ids["task"]).done is True
        assert s.query(AuditEntry).filter_by(action="update_task").count() == 1
    assert not has_overdue(ctx)
    # An appeal is marked answered.
    assert view.select_item("appeal", ctx.ids["appeal"])
    assert view.done_button.text() == "Mark answered"
    qtbot.mouseClick(view.done_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    with ctx.db.session() as s:
        assert s.get(Appeal, ctx.ids["appeal"]).status == "answered"
    assert top_titles(view) == ["This week (1)"]


def test_move_date_with_the_dialog(qtbot, ctx):
    view = DueView(ctx)
    qtbot.addWidget(view)
    view.show()
    settle(qtbot)
    view.select_item("task", ctx.ids["task"])
    qtbot.mouseClick(view.move_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.date() == TODAY - dt.timedelta(days=2)
    week = next(b for b in dialog.findChildren(type(view.done_button)) if b.text() == "In a week")
    qtbot.mouseClick(week, Qt.MouseButton.LeftButton)
    assert dialog.date() == TODAY + dt.timedelta(days=7)
    # Shown as the window writes dates (the Due list beside it), not ISO.
    assert dialog.edit.text() == date_text(TODAY + dt.timedelta(days=7))
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    settle(qtbot)
    with ctx.db.session() as s:
        assert s.get(Task, ctx.ids["task"]).due_date == TODAY + dt.timedelta(days=7)
    assert top_titles(view) == ["Today (1)", "This week (2)"]
    # Cancel leaves the date alone.
    view.select_item("appeal", ctx.ids["appeal"])
    dialog = view.move_date()
    dialog.set_date(TODAY + dt.timedelta(days=60))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel),
                     Qt.MouseButton.LeftButton)
    with ctx.db.session() as s:
        assert s.get(Appeal, ctx.ids["appeal"]).follow_up_date == TODAY


def test_only_the_most_urgent_are_listed_and_more_on_request(qtbot, ctx, monkeypatch):
    # At 100,000 cases 123,537 items were due and the view built every one of them on
    # the GUI thread (8-16 s frozen, again after every save). It lists the most urgent
    # PAGE overdue and the most urgent PAGE of today and later (101,106 overdue items
    # must not push today's out of sight), says how many there are in all and lists more
    # on request.
    import ui.followups.due_view as due_view

    monkeypatch.setattr(due_view, "PAGE", 2)
    a = cases.get_case(ctx.db, "CM-0001").reference
    late = [records.add_task(ctx.db, a, title=f"Write {n}", due_date=TODAY - dt.timedelta(days=9 + n))
            for n in range(2)]
    later = records.add_task(ctx.db, a, title="Visit", due_date=TODAY + dt.timedelta(days=5))
    view = DueView(ctx)
    qtbot.addWidget(view)
    view.show()
    settle(qtbot)
    assert view.rows_listed() == 4
    assert top_titles(view) == ["Overdue (2 of 3)", "Today (1)", "This week (1 of 2)"]
    assert view.shown.isVisible() and view.shown.text() == (
        "Showing 4 of 6: the most urgent overdue and the most urgent from today on.")
    assert view.more_button.isVisible() and view.more_button.text() == "Show more"
    assert view.summary.text() == "6 due, 3 overdue"
    # The most urgent: the longest overdue first; today's item in sight beside them.
    assert view.select_item("task", late[1]) and view.select_item("task", late[0])
    assert view.select_item("appeal", ctx.ids["appeal"])
    assert not view.select_item("task", ctx.ids["task"])  # not listed yet
    assert not view.select_item("task", later)

    qtbot.mouseClick(view.more_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert view.rows_listed() == 6
    assert top_titles(view) == ["Overdue (3)", "Today (1)", "This week (2)"]
    assert not view.shown.isVisible() and not view.more_button.isVisible()
    assert view.select_item("task", late[0])

    # A change reads the list again with the same limit (not everything).
    ctx.changes.cases_changed.emit([a])
    settle(qtbot)
    assert view.rows_listed() == 6 and view.selected_item().id == late[0]

    # Another filter starts again from the most urgent few.
    view.horizon.setCurrentIndex(view.horizon.findData(None))
    settle(qtbot)
    assert view.rows_listed() == 4 and view.more_button.isVisible()


def test_a_change_while_hidden_is_read_when_the_view_shows(qtbot, ctx):
    # Behind another tab the list is not read after every save (work on the one database
    # worker, ahead of what the caseworker does next); it is read when the tab shows.
    view = DueView(ctx)
    qtbot.addWidget(view)
    view.show()
    settle(qtbot)
    assert top_titles(view) == ["Overdue (1)", "Today (1)", "This week (1)"]
    view.hide()
    a = cases.get_case(ctx.db, "CM-0001").reference
    records.add_task(ctx.db, a, title="Write", due_date=TODAY - dt.timedelta(days=5))
    ctx.changes.cases_changed.emit([a])
    settle(qtbot)
    assert top_titles(view) == ["Overdue (1)", "Today (1)", "This week (1)"]  # not read
    view.show()
    settle(qtbot)
    assert top_titles(view) == ["Overdue (2)", "Today (1)", "This week (1)"]


def test_open_due_view_window(qtbot, ctx):
    dialog = open_due_view(ctx)
    qtbot.addWidget(dialog)
    settle(qtbot)
    assert dialog.isVisible() and len(dialog.view.headings()) == 3


@pytest.mark.parametrize("language, expected", [
    ("ru", "Турсунов Алишер (Tursunov Alisher)"),
    ("en", "Tursunov Alisher (Турсунов Алишер)"),
])
def test_names_read_first_in_the_interface_s_script(qtbot, sqlite_db, language, expected):
    # In the Russian window the Due list showed "Abdykadyrov Kanat Azama…": the Cyrillic
    # name was after the Latin one and cut off by the column.
    from PySide6.QtCore import QLocale

    cases.create_case(sqlite_db, fields={"family_name": "Tursunov", "given_name": "Alisher",
                                         "name_native": "Турсунов Алишер"})
    reference = cases.get_case(sqlite_db, "CM-0001").reference
    records.add_task(sqlite_db, reference, title="Call", due_date=TODAY)
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Russian if language == "ru"
                               else QLocale.Language.English))
    try:
        view = DueView(AppContext(db=sqlite_db, actor="tester"))
        qtbot.addWidget(view)
        settle(qtbot)
        texts = view.row_texts(0, 0)
        assert expected in texts, texts
    finally:
        QLocale.setDefault(before)
