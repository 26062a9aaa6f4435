"""The main window as a caseworker drives it: searching, filtering, counts, the empty
database, remembered columns, opening and closing cases in tabs, deleting."""

from __future__ import annotations

import sys
import types

import pytest
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from casemanager.domain.errors import NotFoundError
from casemanager.services.cases import create_case, get_case
from ui.cases.case_table import CITIZENSHIPS, FAMILY_NAME, PRIORITY, REFERENCE_ROLE
from ui.main_window import MainWindow
from ui.operations.operation import settled


class StubEditor(QWidget):
    """Stands in for ui.editor.case_editor.CaseEditor (another branch) with its interface."""

    saved = Signal(str)
    closed = Signal()
    open_requested = Signal(str)
    open_failed = Signal(object)

    def __init__(self, ctx, reference, parent=None):
        super().__init__(parent)
        self.ctx, self._reference = ctx, reference
        self.dirty, self.allow_close, self.asked = False, True, 0

    @property
    def reference(self):
        return self._reference

    def is_dirty(self) -> bool:
        return self.dirty

    def save(self) -> bool:
        self.dirty = False
        return True

    def maybe_close(self) -> bool:
        self.asked += 1
        return not self.dirty or self.allow_close


@pytest.fixture
def stub_editor(monkeypatch):
    module = types.ModuleType("ui.editor.case_editor")
    module.CaseEditor = StubEditor
    monkeypatch.setitem(sys.modules, "ui.editor.case_editor", module)
    return StubEditor


def window_for(ctx, qtbot) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def type_text(widget: QWidget, text: str) -> None:
    """Type as a keyboard does; QTest.keyClicks knows only Latin-1, not Cyrillic."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, ord(ch.upper()), Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)


def row_of_name(window: MainWindow, family_name: str) -> int:
    model = window.case_list.model
    # case_row reads a page not shown yet at once (the test's own look, not the window's)
    return next(r for r in range(model.rowCount()) if model.case_row(r).family_name == family_name)


@pytest.mark.parametrize(("typed", "expected"), [
    ("турс", {"Tursunov"}), ("Тур", {"Tursunov", "Turdiev"}), ("kari", {"Karimov"}),
    ("Nurlan Osm", {"Osmonov"}), ("nobody", set()),
])
def test_typing_in_the_search_box_narrows_the_list(named_ctx, qtbot, typed, expected):
    window = window_for(named_ctx, qtbot)
    model = window.case_list.model
    type_text(window.case_list.filter_bar.search, typed)
    assert window.case_list.filter_bar.search.text() == typed
    qtbot.waitUntil(lambda: model.shown_count == len(expected))

    def names() -> set[str]:
        return {model.index(r, FAMILY_NAME).data() for r in range(model.rowCount())}

    names()  # asks for the rows: they come from the database worker
    qtbot.waitUntil(lambda: None not in names())
    assert names() == expected
    assert window.count_label.text() == f"{len(expected)} of 4 shown"
    if expected:  # the best match is current: Down, Enter opens it
        assert window.case_list.current_reference() == model.index(0, 0).data()
    window.case_list.filter_bar.search.clear()
    qtbot.waitUntil(lambda: model.shown_count == 4)


def test_status_filter_and_status_bar_counts(named_ctx, qtbot):
    window = window_for(named_ctx, qtbot)
    bar = window.case_list.filter_bar
    assert window.count_label.text() == "4 cases"
    bar.status.setCurrentIndex(bar.status.findData("detained"))
    qtbot.waitUntil(settled)  # the ids are queried on the database worker
    assert window.case_list.model.shown_count == 2
    assert window.count_label.text() == "2 of 4 shown"
    qtbot.waitUntil(lambda: bar.citizenship.count() == 4)  # any + UZ, TJ, KG, read after showing
    bar.citizenship.setCurrentIndex(bar.citizenship.findData("TJ"))
    qtbot.waitUntil(settled)
    assert window.case_list.model.shown_count == 1
    first = window.case_list.model.index(0, CITIZENSHIPS)
    first.data()  # asks for the row: it comes from the database worker
    qtbot.waitUntil(lambda: first.data() == "TJ")
    assert bar.clear_button.isEnabled()
    qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(settled)
    assert window.count_label.text() == "4 cases"
    assert not bar.clear_button.isEnabled()


def test_search_then_down_then_enter_opens_the_match(named_ctx, qtbot, stub_editor):
    window = window_for(named_ctx, qtbot)
    window.activateWindow()
    search = window.case_list.filter_bar.search
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    type_text(search, "осмон")  # searched as typed (Enter would open the first hit)
    qtbot.waitUntil(lambda: window.case_list.model.shown_count == 1)
    qtbot.waitUntil(settled)
    qtbot.keyClick(search, Qt.Key.Key_Down)
    assert window.case_list.table.hasFocus()
    qtbot.keyClick(window.case_list.table, Qt.Key.Key_Return)
    assert window.tabs.count() == 2
    assert window.tabs.tabText(1).endswith("Osmonov")


def test_ctrl_f_focuses_the_search_box(named_ctx, qtbot):
    window = window_for(named_ctx, qtbot)
    window.activateWindow()
    window.case_list.table.setFocus()
    qtbot.waitUntil(window.case_list.table.hasFocus)
    qtbot.keyClick(window.case_list.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.case_list.filter_bar.search.hasFocus()


def test_empty_database_shows_the_panel_and_demo_fills_the_list(ctx, qtbot):
    window = window_for(ctx, qtbot)
    panel = window.case_list.empty_panel
    assert window.case_list.stack.currentWidget() is panel
    assert not window.case_list.filter_bar.isVisible()
    assert not panel.import_button.isEnabled()  # no import feature plugged in
    assert window.count_label.text() == "0 cases"
    qtbot.mouseClick(panel.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.case_list.model.total_count == 50, timeout=60_000)
    assert window.case_list.stack.currentWidget() is window.case_list.table
    assert window.case_list.filter_bar.isVisible()
    assert window.count_label.text() == "50 cases"


def test_plugged_import_action_drives_the_empty_panel(ctx, qtbot):
    window = window_for(ctx, qtbot)
    action = QAction("Import…", window)
    action.setObjectName("import")
    fired = []
    action.triggered.connect(lambda: fired.append(True))
    window.add_action("file", action, toolbar=True)
    assert action in window.menus["file"].actions()
    assert action in window.toolbar.actions()
    panel = window.case_list.empty_panel
    assert panel.import_button.isEnabled()
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    assert fired == [True]
    # A feature with its own menu gets one, before Help.
    window.add_action("tools", QAction("Duplicates", window))
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Tools") == titles.index("&Help") - 1


def test_column_choice_order_and_width_are_remembered(demo_ctx, qtbot, ctx_factory):
    first = window_for(demo_ctx, qtbot)
    table = first.case_list.table
    menu = first.case_list.columns_menu()
    priority = next(a for a in menu.actions() if a.text() == "Priority")
    priority.trigger()  # as from the header's context menu
    assert table.isColumnHidden(PRIORITY)
    table.horizontalHeader().moveSection(table.horizontalHeader().visualIndex(CITIZENSHIPS), 1)
    table.setColumnWidth(FAMILY_NAME, 333)
    first.close()

    second_ctx = ctx_factory(demo_ctx.db)  # same settings file, new objects
    second = window_for(second_ctx, qtbot)
    table2 = second.case_list.table
    assert table2.isColumnHidden(PRIORITY)
    assert not table2.isColumnHidden(FAMILY_NAME)
    assert table2.horizontalHeader().visualIndex(CITIZENSHIPS) == 1
    assert table2.columnWidth(FAMILY_NAME) == 333


def test_enter_opens_a_case_in_one_tab_and_closing_asks(named_ctx, qtbot, stub_editor):
    window = window_for(named_ctx, qtbot)
    table = window.case_list.table
    table.setFocus()
    table.setCurrentIndex(window.case_list.model.index(row_of_name(window, "Karimov"), 0))
    reference = window.case_list.current_reference()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.tabs.count() == 2
    editor = window.tabs.currentWidget()
    assert isinstance(editor, StubEditor) and editor.reference == reference
    assert window.tabs.tabText(1) == f"{reference} Karimov"
    assert window.current_reference() == reference
    window.show_cases()
    qtbot.keyClick(table, Qt.Key.Key_Return)  # already open: shown again, not twice
    assert window.tabs.count() == 2 and window.tabs.currentWidget() is editor

    editor.dirty, editor.allow_close = True, False  # the user pressed Cancel
    window.close_tab(1)
    assert window.tabs.count() == 2 and editor.asked == 1
    assert not window.close()  # quitting asks too, and stays open
    assert window.isVisible()
    editor.allow_close = True  # the user pressed Discard
    window.close_tab(1)
    assert window.tabs.count() == 1


def test_new_case_tab_and_save_refreshes_the_list(named_ctx, qtbot, stub_editor):
    window = window_for(named_ctx, qtbot)
    window.actions_by_name["new"].trigger()
    editor = window.tabs.currentWidget()
    assert isinstance(editor, StubEditor) and editor.reference is None
    assert window.tabs.tabText(1) == "New case"
    detail = create_case(named_ctx.db, fields={"family_name": "Новиков"}, actor="tester")
    editor.saved.emit(detail.reference)
    named_ctx.changes.cases_changed.emit([detail.reference])  # as the editor may also do
    assert window.tabs.tabText(1) == detail.reference
    fetched = []
    window.case_list.model.counts_changed.connect(lambda *a: fetched.append(a))
    qtbot.waitUntil(lambda: window.case_list.model.total_count == 5)
    qtbot.wait(20)
    assert fetched == [(5, 5)]  # one refresh for the two announcements
    assert window.count_label.text() == "5 cases"


def test_refresh_after_a_change_keeps_the_selection(named_ctx, qtbot):
    window = window_for(named_ctx, qtbot)
    table = window.case_list.table
    row = row_of_name(window, "Osmonov")
    table.setCurrentIndex(window.case_list.model.index(row, 0))
    reference = window.case_list.current_reference()
    create_case(named_ctx.db, fields={"family_name": "Aliev"}, actor="tester")
    window.ctx.changes.cases_changed.emit([])
    qtbot.waitUntil(lambda: window.case_list.model.total_count == 5)
    assert window.case_list.current_reference() == reference


def test_delete_asks_and_removes_the_case(named_ctx, qtbot, monkeypatch):
    window = window_for(named_ctx, qtbot)
    table = window.case_list.table
    table.setCurrentIndex(window.case_list.model.index(row_of_name(window, "Turdiev"), 0))
    reference = table.currentIndex().data(REFERENCE_ROLE)
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.activateWindow()
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Delete)  # the Delete key in the list asks
    assert len(asked) == 1
    assert get_case(named_ctx.db, reference).family_name == "Turdiev"  # cancelled: kept
    window.actions_by_name["delete"].trigger()
    assert "Turdiev" in asked[0] and reference in asked[0]
    qtbot.waitUntil(settled)  # deleted on the database worker
    with pytest.raises(NotFoundError):
        get_case(named_ctx.db, reference)
    qtbot.waitUntil(lambda: window.count_label.text() == "3 cases")


def test_change_status_dialog_shows_errors_at_the_field(named_ctx, qtbot):
    from ui.editor.dialogs.status_dialog import StatusDialog

    window = window_for(named_ctx, qtbot)
    row = row_of_name(window, "Osmonov")
    reference = window.case_list.model.index(row, 0).data(REFERENCE_ROLE)
    dialog = StatusDialog(named_ctx, reference, "released", window)
    qtbot.addWidget(dialog)
    # The likely next step is offered first.
    assert dialog.status.currentData() == "repatriated"
    dialog.date.setText("02/31/2024")  # as this (en_US) window writes dates
    dialog.accept()
    qtbot.waitUntil(settled)  # refused by the service, on the database worker
    assert "does not exist" in dialog.form.errors()["date"]
    assert get_case(named_ctx.db, reference).status == "released"  # untouched
    dialog.date.setText("03.2024")
    qtbot.keyClicks(dialog.source, "Call with the brother")
    dialog.accept()
    qtbot.waitUntil(settled)
    named_ctx.changes.cases_changed.emit([reference])
    case = get_case(named_ctx.db, reference)
    assert case.status == "repatriated"
    (entry,) = [s for s in case.status_history if s.status == "repatriated"]
    assert entry.date.display() == "03.2024"
    qtbot.waitUntil(
        lambda: window.case_list.model.index(row, 5).data() == "Repatriated"
    )


def test_delete_from_a_case_tab_names_the_case(named_ctx, qtbot, monkeypatch):
    """Issue 17 item 15: the question named a named case "(no name)" when it was asked
    from the case's own tab (the list's current row was another case)."""
    from casemanager.services import cases as case_service

    native = case_service.create_case(named_ctx.db, fields={"name_native": "Каримова Зарина"})
    window = window_for(named_ctx, qtbot)
    table = window.case_list.table
    table.setCurrentIndex(window.case_list.model.index(row_of_name(window, "Turdiev"), 0))
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    for row in range(window.case_list.model.rowCount()):
        reference = window.case_list.model.index(row, 0).data(REFERENCE_ROLE)
        if reference != table.currentIndex().data(REFERENCE_ROLE):
            break
    window.open_case(reference)
    name = get_case(named_ctx.db, reference).display_name
    assert window.current_reference() == reference
    window.actions_by_name["delete"].trigger()
    assert f"{reference} ({name})" in asked[-1] and "no name" not in asked[-1]
    window.open_case(native.reference)
    window.actions_by_name["delete"].trigger()
    assert f"{native.reference} (Каримова Зарина)" in asked[-1]
