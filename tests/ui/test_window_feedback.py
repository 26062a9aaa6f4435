"""The window says what happened (issue 17, item 8): a search that finds nothing offers
the closest names, Save (in the Case menu, Ctrl+S), Export and Import report in the status
bar, and the tab of a case with unsaved edits is marked."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_main_window import type_text
from tests.ui.test_window_keys import focused, full_window, press
from ui.cases.case_tabs import UNSAVED


@pytest.fixture
def window(named_ctx, qtbot):
    return full_window(named_ctx, qtbot)


def test_a_failed_search_offers_the_closest_names(window, qtbot):
    search = window.case_list.filter_bar.search
    assert not window.case_list.no_match.isVisible()
    type_text(search, "Турсанафф")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    label = window.case_list.no_match
    qtbot.waitUntil(label.isVisible)  # the search runs on the database worker
    assert window.case_list.model.shown_count == 0
    assert "No case matches “Турсанафф”." in label.text()
    qtbot.waitUntil(lambda: "Closest names:" in label.text())  # looked for there too
    assert "Tursunov Alisher" in label.text()
    reference = label.text().split('href="')[1].split('"')[0]
    label.linkActivated.emit(reference)  # a click on the first name opens that case
    qtbot.waitUntil(lambda: getattr(window.tabs.currentWidget(), "reference", None) == reference)
    search.clear()
    qtbot.waitUntil(lambda: window.case_list.model.shown_count == 4)
    assert not label.isVisible()


def test_unsaved_tab_is_marked_and_ctrl_s_saves_from_the_case_menu(window, qtbot):
    assert window.actions_by_name["save"] in window.menus["case"].actions()
    assert not window.actions_by_name["save"].isEnabled()  # the list has nothing to save
    window.open_case(window.case_list.current_reference())
    editor = window.tabs.currentWidget()
    qtbot.waitUntil(editor.is_loaded)  # read on the database worker
    index = window.tabs.indexOf(editor)
    assert not window.tabs.tabText(index).endswith(UNSAVED)
    family = editor.person.form.widget("family_name")
    qtbot.waitUntil(lambda: focused() is family)
    type_text(family, "a")
    assert window.tabs.tabText(index).endswith(UNSAVED)
    assert "unsaved" in window.tabs.tabToolTip(index)
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not editor.is_dirty())  # saved on the worker
    assert not window.tabs.tabText(index).endswith(UNSAVED)
    assert window.statusBar().currentMessage() == f"Saved {editor.reference}"


def test_export_and_import_say_what_they_did(window, qtbot, tmp_path):
    target = tmp_path / "cases.csv"
    window.actions_by_name["export"].trigger()
    dialog = window.export_dialog
    dialog.path.setText(str(target))
    dialog.start()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=10000)
    assert window.statusBar().currentMessage() == f"4 cases written to {target}"
    assert Path(target).exists()

    window.actions_by_name["import"].trigger()
    window.import_wizard.imported.emit(
        type("Report", (), {"created": 3, "updated": 1, "skipped": 2, "unchanged": 4})())
    assert window.statusBar().currentMessage() == (
        "Imported: 3 new, 1 updated, 4 unchanged, 2 skipped")


def test_ctrl_s_with_a_date_it_cannot_read_says_why_and_goes_to_the_field(window, qtbot):
    """Issue 17 item 8: Ctrl+S with an unreadable date saved nothing and said nothing."""
    window.open_case(window.case_list.current_reference())
    editor = window.tabs.currentWidget()
    qtbot.waitUntil(editor.is_loaded)  # read on the database worker
    family = editor.person.form.widget("family_name")
    qtbot.waitUntil(lambda: focused() is family)
    type_text(family, "a")
    born = editor.person.form.widget("date_of_birth")
    born.setFocus()
    type_text(born, "45.13.19")
    family.setFocus()  # the caseworker moves on: the date is marked, nothing more
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.is_dirty()  # nothing was saved
    assert focused() is born  # the caseworker is taken to the field to correct it
    message = window.statusBar().currentMessage()
    assert message.startswith("Not saved:") and "Date of birth" in message, message
    assert born.error() in message
