"""A line edit that reads its text as a value and says what it understood.

Subclasses give `parse()` (raise ValueError with the reason) and `words(value)`. While
the text reads, `feedback(words, True)` shows what it was read as; half-typed text is
not an error yet: it is marked red (border, tooltip, `feedback(reason, False)`) when the
user leaves the field or the form is saved, and the mark goes as soon as the text reads.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from ui.labels import reason_text

ERROR_STYLE = "QLineEdit { border: 1px solid #c62828; border-radius: 3px; padding: 2px; }"


class CheckedLineEdit(QLineEdit):
    feedback = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._error = ""
        self._marked = False
        self.textChanged.connect(self._check)
        self.editingFinished.connect(self.mark_error)

    def parse(self) -> Any:
        raise NotImplementedError

    def words(self, value: Any) -> str:
        raise NotImplementedError

    def is_valid(self) -> bool:
        return not self._error

    def error(self) -> str:
        return self._error

    def mark_error(self) -> None:
        """Show the current error now, if there is one."""
        if self._error:
            self._marked = True
            self._mark()

    def keep_marked(self) -> None:
        """Someone else (a service) marked this field: keep the mark until the text reads."""
        self._marked = True

    def _check(self, _text: str = "") -> None:
        try:
            value = self.parse()
        except ValueError as exc:
            self._error = reason_text(exc)
            if self._marked:
                self._mark()
            else:
                self.setToolTip(self._error)
                self.feedback.emit("", True)
            return
        self._error = ""
        self._marked = False
        self.setStyleSheet("")
        words = self.words(value)
        self.setToolTip(words)
        self.feedback.emit(words, True)

    def _mark(self) -> None:
        self.setStyleSheet(ERROR_STYLE)
        self.setToolTip(self._error)
        self.feedback.emit(self._error, False)
