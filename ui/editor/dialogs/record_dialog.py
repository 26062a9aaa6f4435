"""The base of the editor's small dialogs: a form, OK/Cancel, errors shown at the field.

A dialog saves its record itself when the user presses OK (one service call, one
transaction), as an Operation on the database worker: `work()` reads the form on the GUI
thread and returns the call to make there; the dialog closes once it succeeded. When
the service refuses the input, the dialog stays open with the message under the field
concerned; Esc or Cancel leaves without saving.

A dialog that offers what is in the database (the contacts to link, the recipients of
an appeal) reads it with `load(work, loaded)`, also on the worker: until it arrives the
dialog says "Loading…" and OK is disabled; `is_loaded()` says when it is there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain.errors import ValidationError
from ui.context import AppContext
from ui.labels import error_text, reason_text
from ui.operations.failures import show_failure
from ui.operations.operation import Operation
from ui.widgets.checked_line_edit import CheckedLineEdit
from ui.widgets.form import Form

W = TypeVar("W", bound=QWidget)
T = TypeVar("T")

class RecordDialog(QDialog):
    """Subclasses add fields with `self.add(...)` and implement `work()`."""

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
        self.loading_note = QLabel(self.tr("Loading…"))
        self.loading_note.setStyleSheet("color: palette(placeholder-text);")
        self.loading_note.setVisible(False)
        outer = QVBoxLayout(self)
        outer.addLayout(self.layout_)
        outer.addWidget(self.loading_note)
        outer.addWidget(self.buttons)
        self.result_id: int | None = None
        self.operation: Operation | None = None  # the save under way
        self._loading = False

    def add(self, name: str, label: str | None, widget: W) -> W:
        self.form.add(self.layout_, name, label, widget)
        return widget

    def values(self) -> dict:
        return self.form.values()

    def work(self) -> Callable[[Any], int | None]:
        """Read the form and return the service call that saves it, `call(db)`, made on
        the database worker (it returns the record's id); raise ValidationError for
        input refused before that."""
        raise NotImplementedError

    def _local_errors(self) -> bool:
        """A field the dialog already knows is wrong (a date it cannot read as the
        window writes dates) is shown there, not sent to a service that might read it
        otherwise."""
        for name, binding in self.form.bindings.items():
            widget = binding.widget
            if isinstance(widget, CheckedLineEdit) and not widget.is_valid():
                widget.mark_error()
                self.form.show_error(name, widget.error())
                return True
        return False

    def load(self, work: Callable[[Any], T], loaded: Callable[[T], None]) -> None:
        """Read what the dialog offers, `work(db)`, on the database worker, then
        `loaded(result)` here; meanwhile "Loading…" shows and OK is disabled. A failure
        is shown over the dialog, which stays without its list (Cancel still works)."""
        self._loading = True
        self.loading_note.setVisible(True)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)

        def arrived(result: T) -> None:
            self._loading = False
            self.loading_note.setVisible(False)
            ok.setEnabled(True)
            loaded(result)

        def failed(exc: BaseException) -> None:
            self.loading_note.setText(self.tr("Could not be read."))
            show_failure(self, self.windowTitle(), exc)

        Operation(self.ctx, parent=self, work=work, key="load").success(arrived) \
            .failure(failed).run()

    def is_loaded(self) -> bool:
        """Whether what the dialog offers has been read (always, for one that reads
        nothing)."""
        return not self._loading

    def accept(self) -> None:
        if self.operation is not None or self._loading:
            return  # OK pressed again while the save runs, or before the list is read
        self.form.clear_errors()
        if self._local_errors():
            return
        try:
            call = self.work()
        except ValidationError as exc:
            self._refused(exc)
            return
        self.buttons.setEnabled(False)
        self.operation = Operation(self.ctx, parent=self, work=call)
        self.operation.success(self._saved).failure(self._refused).finally_(self._ended).run()

    def _saved(self, result_id: int | None) -> None:
        self.result_id = result_id
        super().accept()

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            if not self.form.show_error(exc.field, reason_text(exc)):
                QMessageBox.warning(self, self.windowTitle(), error_text(exc))
        else:
            show_failure(self, self.windowTitle(), exc)

    def _ended(self) -> None:
        self.operation = None
        self.buttons.setEnabled(True)
