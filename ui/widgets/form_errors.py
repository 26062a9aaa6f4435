"""Showing a core ValidationError at the field it names, in any small form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from casemanager.domain.errors import ValidationError
from ui.labels import error_text, reason_text


class FieldErrors:
    """Pairs each field name with its input widget and a red label under it."""

    def __init__(self) -> None:
        self.inputs: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.general: QLabel | None = None

    def label_for(self, name: str, widget: QWidget, parent: QWidget) -> QLabel:
        label = QLabel(parent)
        label.setObjectName(f"error_{name}")
        label.setStyleSheet("color: #b00020;")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.hide()
        self.inputs[name] = widget
        self.labels[name] = label
        return label

    def clear(self) -> None:
        for label in self.labels.values():
            label.clear()
            label.hide()
        if self.general is not None:
            self.general.clear()
            self.general.hide()

    def show(self, error: ValidationError) -> None:
        """Put the reason under its field (or in the general label) and focus the field."""
        self.clear()
        label = self.labels.get(error.field)
        if label is None:
            label = self.general
            text = error_text(error)
        else:
            reason = reason_text(error)
            text = reason[:1].upper() + reason[1:]
        if label is not None:
            label.setText(text)
            label.show()
        widget = self.inputs.get(error.field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def text(self, name: str) -> str:
        label = self.labels.get(name)
        return label.text() if label is not None else ""
