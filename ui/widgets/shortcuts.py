"""The window's own Ctrl+letter shortcuts keep working while the caret is in a text field.

On Linux, Qt's text fields take some Ctrl+letter keys for Emacs-style editing (Ctrl+E:
end of line) and claim them before any shortcut: Export (Ctrl+E) did nothing from the
search box or any field of a case, which is almost always where the caret is. The keys
text fields really need (select all, copy, cut, paste, undo, redo) stay theirs.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

# Ctrl+these remain the text field's own (editing), whatever the window binds.
_EDITING_KEYS = {Qt.Key.Key_A, Qt.Key.Key_C, Qt.Key.Key_V, Qt.Key.Key_X, Qt.Key.Key_Z,
                 Qt.Key.Key_Y, Qt.Key.Key_Insert}


class WindowShortcutsFirst(QObject):
    """Watches the focused widget of `window` (only it: no filter on every event of the
    application) and lets a Ctrl+letter that one of `actions()` is bound to reach the
    action instead of the text field's key binding."""

    def __init__(self, window: QWidget, actions) -> None:
        super().__init__(window)
        self._window = window
        self._actions = actions  # () -> iterable of QAction
        self._watched: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self._watched is not None:
            try:
                self._watched.removeEventFilter(self)
            except RuntimeError:  # already deleted
                pass
            self._watched = None
        if new is not None and new.window() is self._window:
            new.installEventFilter(self)
            self._watched = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        combination = event.keyCombination()
        if (combination.keyboardModifiers() != Qt.KeyboardModifier.ControlModifier
                or combination.key() in _EDITING_KEYS):
            return False
        pressed = QKeySequence(combination)
        for action in self._actions():
            if isinstance(action, QAction) and action.isEnabled() and any(
                    bound.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
                    for bound in action.shortcuts()):
                event.ignore()  # not the field's: the shortcut runs
                return True
        return False
