"""Adding or editing one contact (a person or an organisation) with its phones,
e-mails and messengers; a validation error shows under the field it concerns."""

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

from casemanager.domain import vocab
from casemanager.domain.dto import ContactInfo
from casemanager.domain.errors import ValidationError
from casemanager.services.contacts import create_contact, update_contact
from ui.context import AppContext
from ui.labels import word
from ui.operations.failures import show_failure
from ui.operations.operation import Operation
from ui.widgets.form_errors import FieldErrors


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ";").split(";") if part.strip()]


class ContactDialog(QDialog):
    """`contact_id` holds the saved contact's id after `accept()`."""

    def __init__(
        self, ctx: AppContext, contact: ContactInfo | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.contact = ctx, contact
        self.contact_id: int | None = contact.id if contact else None
        self.saving: Operation | None = None  # the save on its way, if any
        self.setWindowTitle(self.tr("Edit contact") if contact else self.tr("New contact"))
        self.errors = FieldErrors()
        self.kind = QComboBox(self)
        for kind in vocab.CONTACT_KINDS:
            self.kind.addItem(word("contact_kind", kind), kind)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("Person or office, as you would address it"))
        self.organisation = QLineEdit(self)
        self.country = QLineEdit(self)
        self.country.setPlaceholderText(self.tr("UZ or Uzbekistan"))
        self.language = QLineEdit(self)
        self.language.setPlaceholderText(self.tr("ru, uz, en…"))
        self.address = QPlainTextEdit(self)
        self.address.setTabChangesFocus(True)
        self.address.setMaximumHeight(64)
        self.phones = QLineEdit(self)
        self.phones.setPlaceholderText(self.tr("Several separated by ;"))
        self.emails = QLineEdit(self)
        self.emails.setPlaceholderText(self.tr("Several separated by ;"))
        self.messengers = QLineEdit(self)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(80)

        form = QFormLayout()
        rows = (
            ("kind", self.tr("&Kind"), self.kind),
            ("name", self.tr("&Name"), self.name),
            ("organisation", self.tr("&Organisation"), self.organisation),
            ("country", self.tr("Co&untry"), self.country),
            ("language", self.tr("&Language"), self.language),
            ("address", self.tr("&Address"), self.address),
            ("phone", self.tr("&Phones"), self.phones),
            ("email", self.tr("&E-mails"), self.emails),
            ("messenger", self.tr("&Messengers"), self.messengers),
            ("notes", self.tr("No&tes"), self.notes),
        )
        for name, label, widget in rows:
            form.addRow(label, widget)
            form.addRow("", self.errors.label_for(name, widget, self))
        self.errors.general = QLabel(self)
        self.errors.general.setObjectName("error_general")
        self.errors.general.setStyleSheet("color: #b00020;")
        self.errors.general.setWordWrap(True)
        self.errors.general.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        if contact is not None:
            self._load(contact)
        self.resize(520, self.sizeHint().height())

    def _load(self, c: ContactInfo) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(c.kind), 0))
        self.name.setText(c.name)
        self.organisation.setText(c.organisation)
        self.country.setText(c.country)
        self.language.setText(c.language)
        self.address.setPlainText(c.address)
        self.phones.setText("; ".join(c.values("phone")))
        self.emails.setText("; ".join(c.values("email")))
        self.messengers.setText("; ".join(c.values("messenger")))
        self.notes.setPlainText(c.notes)

    def fields(self) -> dict[str, str]:
        return {
            "kind": self.kind.currentData(),
            "name": self.name.text(),
            "organisation": self.organisation.text(),
            "country": self.country.text(),
            "language": self.language.text(),
            "address": self.address.toPlainText(),
            "notes": self.notes.toPlainText(),
        }

    def channels(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for kind, widget in (
            ("phone", self.phones), ("email", self.emails), ("messenger", self.messengers)
        ):
            out.extend((kind, value) for value in _split(widget.text()))
        return out

    def accept(self) -> Operation | None:  # type: ignore[override]
        """Save on the database worker; the dialog closes once the contact is saved, and
        stays open with the fields' errors (or the failure in one line) when not."""
        self.errors.clear()
        fields, channels, actor = self.fields(), self.channels(), self.ctx.actor
        contact_id = self.contact.id if self.contact is not None else None

        def work(db) -> int | None:
            if contact_id is None:
                return create_contact(db, fields=fields, channels=channels, actor=actor)
            update_contact(db, contact_id, fields=fields, channels=channels, actor=actor)
            return contact_id

        if self.saving is not None and self.saving.state == "queued":
            return None  # a second click while the first save is on its way
        self.saving = (Operation(self.ctx, parent=self, work=work)
                       .success(self._saved).failure(self._not_saved).run())
        return self.saving

    def _saved(self, contact_id: int | None) -> None:
        self.contact_id = contact_id
        self.ctx.changes.contacts_changed.emit()
        super().accept()

    def _not_saved(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.errors.show(exc)
        else:
            show_failure(self, self.tr("Contact not saved"), exc)
