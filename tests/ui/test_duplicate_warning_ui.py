"""The editor's warning before a duplicate is made: shown, not blocking, and the
caseworker decides (open the case that is already held, or keep both)."""

from __future__ import annotations

from editor_helpers import field, open_editor, press_ctrl_s, type_into
from PySide6.QtCore import Qt

from casemanager.services import cases, queries
from ui.main_window import MainWindow


def seed(db) -> None:
    cases.create_case(db, fields={"family_name": "Турсунов", "given_name": "Фаррух",
                                  "aliases": "Tursunow Farrukh", "date_of_birth": "01.1999"})


def fill_farruh(qtbot, editor) -> None:
    type_into(qtbot, field(editor, "family_name"), "Tursunow")
    type_into(qtbot, field(editor, "given_name"), "Farruh")
    type_into(qtbot, field(editor, "date_of_birth"), "1999")


def count(db) -> int:
    return len(queries.case_ids(db, queries.CaseFilter()))


def test_a_likely_duplicate_is_named_before_saving_and_keep_both_saves(qtbot, ctx):
    seed(ctx.db)
    editor = open_editor(qtbot, ctx)
    fill_farruh(qtbot, editor)
    press_ctrl_s(qtbot, field(editor, "given_name"))
    assert editor.reference is None and count(ctx.db) == 1  # nothing saved yet
    assert editor.duplicates.isVisible()
    assert editor.duplicates.texts() == ["May be CM-0001 Tursunow Farrukh, born 01.1999"]
    assert editor.duplicates.open_buttons[0].text() == "Open CM-0001"
    # Not modal: the form can still be edited while the notice is shown.
    assert field(editor, "place_of_birth").isEnabled()
    type_into(qtbot, field(editor, "place_of_birth"), "Samarkand")
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        qtbot.mouseClick(editor.duplicates.keep_button, Qt.MouseButton.LeftButton)
    assert saved.args == ["CM-0002"] and count(ctx.db) == 2
    assert not editor.duplicates.isVisible()
    assert cases.get_case(ctx.db, "CM-0002").place_of_birth == "Samarkand"


def test_someone_else_is_saved_without_a_notice(qtbot, ctx):
    seed(ctx.db)
    editor = open_editor(qtbot, ctx)
    type_into(qtbot, field(editor, "family_name"), "Karimov")
    type_into(qtbot, field(editor, "given_name"), "Aziz")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        press_ctrl_s(qtbot, field(editor, "given_name"))
    assert not editor.duplicates.isVisible()


def test_open_it_shows_the_case_already_held_in_its_tab(qtbot, ctx):
    seed(ctx.db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.actions_by_name["new"].trigger()
    editor = window.tabs.currentWidget()
    qtbot.addWidget(editor, before_close_func=lambda w: w._edited.clear())
    fill_farruh(qtbot, editor)
    press_ctrl_s(qtbot, field(editor, "given_name"))
    assert editor.duplicates.isVisible()
    qtbot.mouseClick(editor.duplicates.open_buttons[0], Qt.MouseButton.LeftButton)
    shown = window.tabs.currentWidget()
    assert shown is not editor and shown.reference == "CM-0001"
    assert editor.reference is None and count(ctx.db) == 1  # the new one was not saved
    editor._edited.clear()
