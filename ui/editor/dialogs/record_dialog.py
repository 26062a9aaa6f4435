"""The base of the editor's small dialogs: a form, OK/Cancel, errors shown at the field.

A dialog saves its record itself when the user presses OK (one service call, one
transaction). When the service refuses the input, the dialog stays open with the message
under the field concerned; Esc or Cancel leaves without saving.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain.errors import ValidationError
from ui.context import AppContext
from ui.labels import reason_text
from ui.operations.failures import OPERATION_ERRORS, show_failure
from ui.widgets.form import Form


class RecordDialog(QDialog):
    """Subclasses add fields with `self.add(...)` and implement `submit()`."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = Form(self)
        self.layout_ = QFormLayout()
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.setVerticalSpacing(8)
        self.layout_.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addLayout(self.layout_)
        outer.addWidget(self.buttons)
        self.result_id: int | None = None

    def add(self, name: str, label: str | None, widget: QWidget) -> QWidget:
        self.form.add(self.layout_, name, label, widget)
        return widget

    def values(self) -> dict:
        return self.form.values()

    def submit(self) -> None:
        """Save the record through a service; raise ValidationError for bad input."""
        raise NotImplementedError

    def accept(self) -> None:
        self.form.clear_errors()
        try:
            self.submit()
        except ValidationError as exc:
            if not self.form.show_error(exc.field, reason_text(exc)):
                QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        except OPERATION_ERRORS as exc:
            show_failure(self, self.windowTitle(), exc)
            return
        super().accept()
