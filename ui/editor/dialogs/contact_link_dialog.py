"""Link a contact to a case: an existing contact or a new one, with the relationship and
the family's consent flags (may the details go to the embassy, the ICRC, the media?).

Editing a link keeps its contact and changes only the relationship and the flags.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from casemanager.domain.dto import LinkedContact
from casemanager.domain.errors import ValidationError
from casemanager.services import contacts
from casemanager.services.case_contacts import create_linked_contact
from ui.context import AppContext
from ui.editor.dialogs.record_dialog import RecordDialog
from ui.labels import RELATIONSHIPS, choices, word
from ui.widgets.countries_edit import CountriesEdit
from ui.widgets.form import choice_combo, combo_set

_NEW_FIELDS = ("name", "kind", "organisation", "phone", "email", "country")


class ContactLinkDialog(RecordDialog):
    def __init__(
        self,
        ctx: AppContext,
        reference: str,
        link: LinkedContact | None = None,
        *,
        new_contact: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "", parent)
        self.reference, self.link = reference, link
        self.setMinimumWidth(500)
        if link is not None:
            self.setWindowTitle(self.tr("Contact of %1").replace("%1", reference))
        else:
            self.setWindowTitle(self.tr("Link a contact to %1").replace("%1", reference))

        self.use_existing = QRadioButton(self.tr("Existing contact"))
        self.use_new = QRadioButton(self.tr("New contact"))
        group = QButtonGroup(self)
        group.addButton(self.use_existing)
        group.addButton(self.use_new)
        modes = QWidget()
        row = QHBoxLayout(modes)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.use_existing)
        row.addWidget(self.use_new)
        row.addStretch(1)
        if link is None:
            self.layout_.addRow(modes)

        self.contact = QComboBox()
        self.contact.setEditable(True)
        self.contact.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.contact.completer()
        assert completer is not None  # an editable combo box has one
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        if link is not None:
            self.contact.addItem(link.contact.name, link.contact.id)
            self.contact.setEnabled(False)
        else:
            entry = self.contact.lineEdit()
            assert entry is not None  # editable
            entry.setPlaceholderText(self.tr("type to search contacts"))
            # Read on the database worker; OK waits for it.
            self.load(contacts.list_contacts, self._fill_contacts)
        self.add("contact", self.tr("Contact"), self.contact)

        self.add("name", self.tr("Name"), QLineEdit())
        kind = choice_combo(choices("contact_kind"), blank=None)
        combo_set(kind, "relative")
        self.add("kind", self.tr("Kind"), kind)
        self.add("organisation", self.tr("Organisation"), QLineEdit())
        self.add("phone", self.tr("Phone"), QLineEdit())
        self.add("email", self.tr("E-mail"), QLineEdit())
        self.add("country", self.tr("Country"), CountriesEdit(single=True))

        relationship = QComboBox()
        relationship.setEditable(True)
        # Enter accepts the dialog; it does not add what was typed to the list.
        relationship.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        relationship.addItems([self.tr(r) for r in RELATIONSHIPS])
        relationship.setEditText("")
        self.add("relationship", self.tr("Relationship"), relationship)
        self.add("share_embassy", self.tr("Consent"), QCheckBox(self.tr("May share with the embassy")))
        self.add("share_icrc", "", QCheckBox(self.tr("May share with the ICRC")))
        self.add("share_media", "", QCheckBox(self.tr("May share with the media")))
        self.add("share_partner", "", QCheckBox(self.tr("May share with partner organisations")))
        if link is not None:
            self.form.set_values(link)
        self.use_existing.toggled.connect(self._mode_changed)
        (self.use_new if new_contact else self.use_existing).setChecked(True)
        self._mode_changed()

    def _fill_contacts(self, found: list) -> None:
        typed = self.contact.currentText()
        for item in found:
            if any(ref == self.reference for ref, _name, _rel in item.cases):
                continue  # already linked: edit that link instead
            label = item.name + (f" — {word('contact_kind', item.kind)}" if item.kind else "")
            self.contact.addItem(label, item.id)
        self.contact.setCurrentIndex(-1)
        self.contact.setEditText(typed)  # what was typed while the list was read stays

    def is_new(self) -> bool:
        return self.link is None and self.use_new.isChecked()

    def _mode_changed(self, *_args) -> None:
        new = self.is_new()
        self.layout_.setRowVisible(self.form.bindings["contact"].box, not new)
        for name in _NEW_FIELDS:
            self.layout_.setRowVisible(self.form.bindings[name].box, new)
        self.adjustSize()
        (self.form.widget("name") if new else self.contact).setFocus()

    def _link_values(self) -> dict:
        return self.form.values(("relationship", "share_embassy", "share_icrc", "share_media",
                                 "share_partner"))

    def _chosen_contact(self) -> int:
        index = self.contact.currentIndex()
        typed = self.contact.currentText().strip()
        if index >= 0 and self.contact.itemText(index) == typed:
            return self.contact.itemData(index)
        match = self.contact.findText(typed, Qt.MatchFlag.MatchFixedString)
        if typed and match >= 0:
            return self.contact.itemData(match)
        raise ValidationError("contact", self.tr("choose a contact from the list"))

    def work(self):
        reference, actor, link = self.reference, self.ctx.actor, self._link_values()
        if self.is_new():
            values = self.form.values(("name", "kind", "organisation", "country"))
            channels = [("phone", self.form.value("phone")), ("email", self.form.value("email"))]

            def create(db) -> int:
                _contact, link_id = create_linked_contact(
                    db, reference, fields=values, channels=channels, link=link, actor=actor)
                return link_id

            return create
        contact_id = self.link.contact.id if self.link is not None else self._chosen_contact()
        return lambda db: contacts.link_contact(db, reference, contact_id, fields=link,
                                                actor=actor)
