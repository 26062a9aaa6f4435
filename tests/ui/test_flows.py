"""Whole caseworker flows through the main window and the real case editor."""

from __future__ import annotations

import threading

from editor_helpers import activate, field, open_case, press_ctrl_s, settle, type_into
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from casemanager.services import cases
from ui import features
from ui.cases.case_table import REFERENCE_ROLE
from ui.main_window import MainWindow


def window_for(ctx, qtbot) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    features.install(window)
    window.show()
    return window


def list_names(window) -> list[str]:
    model = window.case_list.model
    return [model.index(r, 1).data() for r in range(model.rowCount())]


def test_ctrl_n_create_a_case_and_find_it_in_the_list(named_ctx, qtbot):
    window = window_for(named_ctx, qtbot)
    window.activateWindow()
    window.case_list.table.setFocus()
    qtbot.waitUntil(window.case_list.table.hasFocus)
    qtbot.keyClick(window.case_list.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.tabs.currentWidget()
    assert window.tabs.indexOf(editor) > 0 and editor.reference is None
    type_into(qtbot, field(editor, "family_name"), "Юсупов")
    type_into(qtbot, field(editor, "given_name"), "Jamshid")
    type_into(qtbot, field(editor, "capture_date"), "2023")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        press_ctrl_s(qtbot, field(editor, "given_name"))
    qtbot.waitUntil(lambda: "Юсупов" in list_names(window), timeout=5000)
    assert window.tabs.tabText(window.tabs.indexOf(editor)).startswith(editor.reference)
    # And the search box finds it in the other script.
    window.show_cases()
    window.case_list.filter_bar.search.setText("yusupov")
    qtbot.waitUntil(lambda: list_names(window) == ["Юсупов"], timeout=5000)


def test_edit_a_name_and_the_list_follows(named_ctx, qtbot):
    window = window_for(named_ctx, qtbot)
    editor = open_case(qtbot, window, "CM-0002")
    type_into(qtbot, field(editor, "family_name"), "Turdiyev")
    press_ctrl_s(qtbot, field(editor, "family_name"))
    qtbot.waitUntil(lambda: "Turdiyev" in list_names(window), timeout=5000)
    assert "Turdiev" not in list_names(window)


def test_a_renamed_case_renames_its_tab(named_ctx, qtbot):
    window = window_for(named_ctx, qtbot)
    editor = open_case(qtbot, window, "CM-0002")
    index = window.tabs.indexOf(editor)
    assert window.tabs.tabText(index) == "CM-0002 Turdiev"
    type_into(qtbot, field(editor, "family_name"), "Turdiyev")
    press_ctrl_s(qtbot, field(editor, "family_name"))
    assert not editor.is_dirty()
    assert window.tabs.tabText(index) == "CM-0002 Turdiyev"
    assert window.tabs.tabToolTip(index) == "CM-0002 Turdiyev"


def test_a_case_opened_from_elsewhere_gets_its_name_in_the_tab(named_ctx, qtbot):
    window = window_for(named_ctx, qtbot)
    editor = open_case(qtbot, window, "CM-0003")  # the list's current row is another case
    assert window.tabs.tabText(window.tabs.indexOf(editor)) == "CM-0003 Karimov"


def test_closing_a_dirty_editor_asks_and_cancel_keeps_it(named_ctx, qtbot, monkeypatch):
    window = window_for(named_ctx, qtbot)
    editor = open_case(qtbot, window, "CM-0001")
    type_into(qtbot, field(editor, "rank"), "private")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked = []

    def question(*args, **kwargs):
        asked.append(args)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(question))
    index = window.tabs.indexOf(editor)
    window.close_tab(index)
    assert window.tabs.indexOf(editor) == index  # still open after Cancel
    window.close_tab(index)
    assert window.tabs.indexOf(editor) == -1
    assert len(asked) == 2
    assert cases.get_case(named_ctx.db, "CM-0001").rank == ""


def test_closing_a_tab_while_its_save_is_queued_waits_and_the_list_follows(
        named_ctx, qtbot, monkeypatch):
    """The save on its way is waited for, nothing is asked about what it saves, and the
    list shows the stored name without anything else refreshing it."""
    window = window_for(named_ctx, qtbot)
    qtbot.waitUntil(lambda: "Turdiev" in list_names(window), timeout=5000)
    editor = open_case(qtbot, window, "CM-0002")
    name = field(editor, "family_name")
    type_into(qtbot, name, "Renamed")
    asked = []

    def question(*args, **kwargs):
        asked.append(args)
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    gate = threading.Event()
    named_ctx.worker.submit(lambda: gate.wait(10))  # the worker is busy: the save waits
    activate(qtbot, name)
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    # QTest leaves Ctrl down in the application's modifier state after that click (until
    # the next key): release it, or the next test's row selection toggles.
    qtbot.keyClick(name, Qt.Key.Key_Control)
    assert editor.is_saving()
    QTimer.singleShot(0, gate.set)  # the worker goes on once the tab is being closed
    window.close_tab(window.tabs.indexOf(editor))
    assert window.tabs.indexOf(editor) == -1
    assert asked == []  # nothing was left unsaved: no Save/Discard for a save made
    assert cases.get_case(named_ctx.db, "CM-0002").family_name == "Renamed"
    qtbot.waitUntil(lambda: "Renamed" in list_names(window), timeout=5000)
    assert "Turdiev" not in list_names(window)


def test_status_change_from_the_menu_reaches_list_and_history(named_ctx, qtbot, monkeypatch):
    from ui.editor.dialogs.status_dialog import StatusDialog

    def run(dialog):  # the caseworker fills in the source and presses OK
        dialog.source.setText("ICRC")
        dialog.accept()

    monkeypatch.setattr(StatusDialog, "open", run)
    window = window_for(named_ctx, qtbot)
    window.case_list.table.selectRow(0)
    reference = window.case_list.model.index(0, 0).data(REFERENCE_ROLE)
    window.actions_by_name["status"].trigger()
    settle(qtbot)  # saved on the database worker
    case = cases.get_case(named_ctx.db, reference)
    assert case.status == "exchange_listed"  # the step after "detained"
    assert case.status_history[-1].source == "ICRC"
    qtbot.waitUntil(lambda: window.case_list.model.index(0, 5).data() == "Exchange listed")
