"""Changing a case's status: the new status with its date, source and confidence, kept
in the case's dated history (services.cases.change_status)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from casemanager import vocab
from casemanager.errors import ValidationError
from casemanager.partialdate import PartialDate
from casemanager.services.cases import change_status
from ui.context import AppContext
from ui.form_errors import FieldErrors
from ui.labels import vocab_label


class StatusDialog(QDialog):
    def __init__(
        self, ctx: AppContext, reference: str, current: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.reference = ctx, reference
        self.setWindowTitle(self.tr("Change status of %s") % reference)
        self.errors = FieldErrors()
        self.status = QComboBox(self)
        for status in vocab.STATUSES:
            self.status.addItem(vocab_label(status), status)
        self.status.setCurrentIndex(max(self.status.findData(current), 0))
        self.date = QLineEdit(PartialDate.today().display(), self)
        self.date.setPlaceholderText(self.tr("1994, 03.1994 or 12.03.1994"))
        self.source = QLineEdit(self)
        self.source.setPlaceholderText(self.tr("Who said so: a call with the mother, a video…"))
        self.confidence = QComboBox(self)
        for value in vocab.CONFIDENCE:
            self.confidence.addItem(vocab_label(value), value)
        self.confidence.setCurrentIndex(self.confidence.findData("unverified"))
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)

        form = QFormLayout()
        for name, label, widget in (
            ("status", self.tr("New &status"), self.status),
            ("date", self.tr("&Date"), self.date),
            ("source", self.tr("S&ource"), self.source),
            ("confidence", self.tr("&Confidence"), self.confidence),
            ("note", self.tr("&Note"), self.note),
        ):
            form.addRow(label, widget)
            form.addRow("", self.errors.label_for(name, widget, self))
        self.errors.general = QLabel(self)
        self.errors.general.setStyleSheet("color: #b00020;")
        self.errors.general.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def accept(self) -> None:
        try:
            change_status(
                self.ctx.db,
                self.reference,
                status=self.status.currentData(),
                date=self.date.text().strip() or None,
                source=self.source.text(),
                note=self.note.toPlainText(),
                confidence=self.confidence.currentData(),
                actor=self.ctx.actor,
            )
        except ValidationError as exc:
            self.errors.show(exc)
            return
        self.ctx.changes.cases_changed.emit([self.reference])
        super().accept()
