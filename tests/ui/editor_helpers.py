"""Shared helpers for the case editor's tests: a context on a fresh SQLite database and
small functions that type and click the way a caseworker does."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from ui.context import AppContext
from ui.editor.case_editor import CaseEditor
from ui.operations.operation import settled


def make_context(db, tmp_path) -> AppContext:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return AppContext(db=db, actor="tester", settings=settings)


def open_editor(qtbot, ctx: AppContext, reference: str | None = None) -> CaseEditor:
    editor = CaseEditor(ctx, reference)
    # A failed test may leave the editor dirty: closing it then must not wait for an
    # answer to "Save the changes?" that nobody gives.
    qtbot.addWidget(editor, before_close_func=lambda w: w._edited.clear())
    editor.show()
    qtbot.waitExposed(editor)
    qtbot.waitUntil(editor.is_loaded, timeout=10_000)  # read on the database worker
    return editor


def settle(qtbot) -> None:
    """Wait, the event loop running, until every database operation started so far has
    run on the worker and delivered its result (as a person waits for a save)."""
    qtbot.waitUntil(settled, timeout=30_000)


def save(qtbot, editor: CaseEditor) -> bool:
    """Save as Ctrl+S does, and wait for the outcome (and the views following it)."""
    outcome: list[bool] = []
    editor.save_finished.connect(outcome.append)
    try:
        if not editor.save():
            return False
        qtbot.waitUntil(lambda: bool(outcome), timeout=10_000)
    finally:
        editor.save_finished.disconnect(outcome.append)
    settle(qtbot)
    return outcome[0]


def open_case(qtbot, window, reference: str | None) -> CaseEditor:
    """The window's open_case, waiting for the case to be read and shown."""
    editor = window.open_case(reference)
    settle(qtbot)  # read on the database worker, then shown
    return editor


def field(editor: CaseEditor, name: str) -> QWidget:
    for section in editor.sections:
        if section.form is not None and section.form.has(name):
            return section.form.widget(name)
    raise KeyError(name)


def key_text(qtbot, widget: QWidget, text: str) -> None:
    """Type text as key events. QTest.keyClicks asserts on non-ASCII characters, so
    Cyrillic letters are sent as key events carrying their text (as a keyboard layout
    does) and ASCII through keyClicks."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)


def type_into(qtbot, widget: QWidget, text: str, *, clear: bool = True) -> None:
    widget.setFocus()
    if clear:
        qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
    key_text(qtbot, widget, text)


def activate(qtbot, widget: QWidget) -> None:
    """Make the widget's window the active one: shortcuts act in the active window."""
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def press_ctrl_s(qtbot, widget: QWidget) -> None:
    activate(qtbot, widget)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    settle(qtbot)


def press_enter(qtbot, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    QApplication.processEvents()
    settle(qtbot)
