"""What every section of the case editor shares.

A section shows one part of the case. Its `form` (if any) holds the case's own fields,
which the editor saves together with Ctrl+S; its record lists (documents, appeals...)
are saved at once by their dialogs, and deleted through `run`, on the database worker. Dialogs are opened with `open()`, not `exec()`, so
no nested event loop runs and tests can fill the dialog that `current_dialog` holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain.dto import CaseDetail
from ui.context import AppContext
from ui.operations.operation import Operation
from ui.widgets.form import Form

T = TypeVar("T")


class EditorHost(Protocol):
    ctx: AppContext
    tabs: QTabWidget  # the sections' tabs

    def ensure_reference(self, then: Callable[[str], None] | None = None) -> str | None:
        """The case's reference, then `then(reference)`; a new case is saved first (on
        the worker), and `then` follows once it is (None is returned meanwhile)."""

    def records_changed(self, then: Callable[[], None] | None = None) -> None:
        """A record of the case was saved: reload the lists and tell the other views;
        then `then()`, once the lists show it."""


class Section(QWidget):
    """One page of the editor; `title` is shown in the section list."""

    title = ""

    def __init__(self, host: EditorHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.ctx = host.ctx
        self.form: Form | None = None
        self.current_dialog: QDialog | None = None

    # The editor calls load() when it (re)loads the whole case, show_records() after a
    # record changed: the form's unsaved edits must survive the latter.
    def load(self, detail: CaseDetail | None) -> None:
        if self.form is not None:
            if detail is None:
                self.form.set_values({name: None for name in self.form.bindings})
            else:
                self.form.set_values(detail)
        self.show_records(detail)

    def show_records(self, detail: CaseDetail | None) -> None:
        """Fill the record lists from the case (None: a new case, nothing yet)."""

    # ------------------------------------------------------------ helpers

    def scrolling(self, inner: QWidget) -> None:
        """Put the section's content in a scroll area filling the section."""
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(area)

    @staticmethod
    def group(title: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title)
        layout = QFormLayout(box)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout.setVerticalSpacing(6)
        return box, layout

    def open_dialog(self, make: Callable[[str], QDialog],
                    opened: Callable[[QDialog], None] | None = None) -> QDialog | None:
        """Open a record dialog for the case; a new case is saved first, on the worker,
        and the dialog opens once it is (None is returned meanwhile). `opened(dialog)`
        either way."""

        def show(reference: str) -> None:
            dialog = make(reference)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(self.host.records_changed)
            dialog.finished.connect(self._dialog_closed)
            self.current_dialog = dialog
            dialog.open()
            if opened is not None:
                opened(dialog)

        self.current_dialog = None
        self.host.ensure_reference(then=show)
        return self.current_dialog

    def _dialog_closed(self, _result: int) -> None:
        self.current_dialog = None

    def confirm(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(
            self, title, question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def run(
        self, work: Callable[[Any], T], failure_title: str = "",
        then: Callable[[T], None] | None = None,
    ) -> Operation[T]:
        """Run a service call, `work(db)`, on the database worker; show its refusal or
        failure in a message box headed `failure_title` (default: the section's title).
        Once it worked, the editor reads the case again, then `then(result)`."""

        def done(result: T) -> None:
            self.host.records_changed(then=(lambda: then(result)) if then else None)

        return Operation(
            self.ctx, parent=self, work=work, failure_title=failure_title or self.title,
        ).success(done).run()
