"""The people and organisations linked to the case, with the family's consent flags."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from casemanager.domain.dto import CaseDetail, LinkedContact
from casemanager.services import contacts
from ui.editor.dialogs.contact_link_dialog import ContactLinkDialog
from ui.editor.section import EditorHost, Section
from ui.icons import icon
from ui.labels import relationship_text, word
from ui.widgets.record_table import RecordTable


def _reach(link: LinkedContact) -> str:
    values = link.contact.values("phone") + link.contact.values("email")
    return "; ".join(values)


class ContactsSection(Section):
    def __init__(self, host: EditorHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.title = self.tr("Contacts")
        self.table = RecordTable(
            [
                (self.tr("Name"), lambda c: c.contact.name),
                (self.tr("Kind"), lambda c: word("contact_kind", c.contact.kind)),
                (self.tr("Relationship"), lambda c: relationship_text(c.relationship)),
                (self.tr("Embassy"), lambda c: c.share_embassy),
                (self.tr("ICRC"), lambda c: c.share_icrc),
                (self.tr("Media"), lambda c: c.share_media),
                (self.tr("Partners"), lambda c: c.share_partner),
                (self.tr("Phone / e-mail"), _reach),
            ],
            add_text=self.tr("Link existing…"),
            stretch=6,
        )
        self.new_button = QPushButton(icon("new"), self.tr("New contact…"))
        self.table.buttons.insertWidget(1, self.new_button)
        self.table.delete_button.setText(self.tr("Unlink…"))
        self.table.delete_button.setIcon(icon("remove"))
        self.table.add_clicked.connect(lambda: self.link_contact(new=False))
        self.new_button.clicked.connect(lambda: self.link_contact(new=True))
        self.table.edit_clicked.connect(self.edit_link)
        self.table.delete_clicked.connect(self.unlink)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def show_records(self, detail: CaseDetail | None) -> None:
        self.table.set_rows(detail.contacts if detail else ())

    def _opened(self, dialog) -> None:
        # The contacts directory lists each contact's cases: it must refresh too.
        if dialog is not None:
            dialog.accepted.connect(self.ctx.changes.contacts_changed.emit)

    def link_contact(self, *, new: bool) -> None:
        self.open_dialog(
            lambda ref: ContactLinkDialog(self.ctx, ref, new_contact=new, parent=self),
            opened=self._opened,
        )

    def edit_link(self, link: LinkedContact) -> None:
        self.open_dialog(lambda ref: ContactLinkDialog(self.ctx, ref, link, parent=self),
                         opened=self._opened)

    def unlink(self, link: LinkedContact) -> None:
        question = self.tr("Unlink %1 from this case? The contact itself is kept.")
        if self.confirm(self.tr("Unlink contact"), question.replace("%1", link.contact.name)):
            self.run(
                lambda db: contacts.unlink_contact(db, link.link_id, actor=self.ctx.actor),
                then=lambda _r: self.ctx.changes.contacts_changed.emit(),
            )
