"""Where the keyboard goes when a page is shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def first_focusable(widget: QWidget) -> QWidget | None:
    """The first widget inside `widget` that takes focus by Tab, in tab order."""
    candidate = widget.nextInFocusChain()
    while candidate is not None and candidate is not widget:
        if (
            widget.isAncestorOf(candidate)
            and candidate.isEnabled()
            and candidate.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not candidate.isHidden()
        ):
            return candidate
        candidate = candidate.nextInFocusChain()
    return None
