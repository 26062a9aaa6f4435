"""The keyboard in the whole window (issue 17, item 7): Ctrl+F and Ctrl+E from every tab,
Enter in the search box opens the best hit, a new or opened case starts with the cursor
in its first field."""

from __future__ import annotations

import types

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_main_window import type_text
from ui import features
from ui.main_window import MainWindow


@pytest.fixture
def window(named_ctx, qtbot):
    return full_window(named_ctx, qtbot)


def full_window(ctx, qtbot) -> MainWindow:
    """The main window with every feature's actions, shown and active."""
    win = MainWindow(ctx)
    features.install(win)
    # Unsaved edits left by a test must not ask "Save the changes?" of nobody at closing.
    qtbot.addWidget(win, before_close_func=lambda w: [e._edited.clear() for e in w.editors()])
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


class _Dialog:
    """Stands in for the export dialog: what the window connects to."""

    exported = types.SimpleNamespace(connect=lambda _slot: None)


def focused():
    return QApplication.focusWidget()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key as the keyboard gives it: to whatever has the focus."""
    target = focused()
    assert target is not None, "no widget has the keyboard"
    qtbot.keyClick(target, key, modifier)


def test_enter_in_search_opens_the_first_hit_with_focus_in_its_first_field(window, qtbot):
    search = window.case_list.filter_bar.search
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused() is search
    type_text(search, "осмон")
    press(qtbot, Qt.Key.Key_Return)  # at once: the hit opens when the search has run
    qtbot.waitUntil(lambda: window.tabs.count() == 2)
    editor = window.tabs.currentWidget()
    qtbot.waitUntil(editor.is_loaded)
    assert editor.reference and window.tabs.tabText(1).endswith("Osmonov")
    qtbot.waitUntil(lambda: focused() is editor.person.form.widget("family_name"))


def test_a_new_case_starts_in_the_family_name(window, qtbot):
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.tabs.currentWidget()
    assert editor.reference is None
    qtbot.waitUntil(lambda: focused() is editor.person.form.widget("family_name"))
    type_text(focused(), "Юлдашев")
    assert editor.person.form.value("family_name") == "Юлдашев"


def test_ctrl_f_and_ctrl_e_work_from_every_tab(window, qtbot, monkeypatch):
    from ui.lists import export_dialog

    exported = []
    monkeypatch.setattr(export_dialog, "open_export_dialog",
                        lambda ctx, case_filter, parent: exported.append(case_filter) or _Dialog())
    search = window.case_list.filter_bar.search
    window.open_case(window.case_list.current_reference())  # an editor tab
    window.actions_by_name["overview"].trigger()  # a view tab
    overview = window.tabs.currentWidget()
    for page in (overview, window.editors()[0]):
        window.tabs.setCurrentWidget(page)
        assert focused() is not None and page.isAncestorOf(focused())
        before = len(exported)
        press(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        assert len(exported) == before + 1
        press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentWidget() is window.case_list
        assert focused() is search
    # On the contacts tab Ctrl+F searches the contacts.
    window.show_contacts()
    window.tabs.setCurrentWidget(window.case_list)
    window.tabs.setCurrentWidget(window.contacts_view)
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused() is window.contacts_view.search


def test_enter_in_an_empty_search_box_opens_nothing(window, qtbot):
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_Return)
    assert window.tabs.count() == 1


class _LinuxLineEdit:
    """A text field that claims Ctrl+E as Qt's fields do on Linux (end of line)."""

    @staticmethod
    def make(parent):
        from PySide6.QtCore import QEvent
        from PySide6.QtWidgets import QLineEdit

        class LineEdit(QLineEdit):
            def event(self, event):
                if (event.type() == QEvent.Type.ShortcutOverride
                        and event.key() == Qt.Key.Key_E
                        and event.modifiers() == Qt.KeyboardModifier.ControlModifier):
                    event.accept()  # "mine": no shortcut runs
                    self.end(False)
                    return True
                return super().event(event)

        return LineEdit(parent)


def test_ctrl_e_works_while_the_caret_is_in_a_text_field_that_binds_it(window, qtbot,
                                                                       monkeypatch):
    # On Linux the search box and every field of a case took Ctrl+E for "end of line" and
    # Export did nothing (the offscreen platform has no such binding: the field here has).
    from ui.lists import export_dialog

    exported = []
    monkeypatch.setattr(export_dialog, "open_export_dialog",
                        lambda ctx, case_filter, parent: exported.append(case_filter) or _Dialog())
    field = _LinuxLineEdit.make(window.case_list)
    window.case_list.layout().addWidget(field)
    field.show()
    field.setFocus()
    qtbot.waitUntil(lambda: focused() is field)
    field.setText("Турсунов")
    field.setCursorPosition(0)
    press(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert len(exported) == 1
    # The keys a text field needs stay its own: Ctrl+A selects its text.
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert field.selectedText() == "Турсунов"
