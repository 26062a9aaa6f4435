"""Add or edit an appeal: recipient (a contact), channel, subject, dates, status, answer."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from casemanager.domain import vocab
from casemanager.domain.dto import AppealInfo
from casemanager.services import contacts, records
from ui.context import AppContext
from ui.editor.dialogs.record_dialog import RecordDialog
from ui.i18n import QT_TRANSLATE_NOOP
from ui.labels import choices, word
from ui.widgets.form import choice_combo, combo_set
from ui.widgets.partial_date_edit import PartialDateEdit

# Suggestions for a free-text field: the caseworker's language is what gets stored.
CHANNELS = (
    QT_TRANSLATE_NOOP("AppealDialog", "letter"),
    QT_TRANSLATE_NOOP("AppealDialog", "e-mail"),
    QT_TRANSLATE_NOOP("AppealDialog", "fax"),
    QT_TRANSLATE_NOOP("AppealDialog", "in person"),
    QT_TRANSLATE_NOOP("AppealDialog", "phone"),
    QT_TRANSLATE_NOOP("AppealDialog", "online form"),
    QT_TRANSLATE_NOOP("AppealDialog", "messenger"),
)


class AppealDialog(RecordDialog):
    def __init__(
        self,
        ctx: AppContext,
        reference: str,
        appeal: AppealInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("Edit appeal") if appeal else self.tr("Add appeal"))
        self.setMinimumWidth(520)
        self.reference, self.appeal = reference, appeal
        self.recipient = QComboBox()
        self.recipient.addItem(self.tr("(no recipient yet)"), None)
        for contact in contacts.list_contacts(ctx.db):
            text = contact.name
            if contact.kind:
                text += f" — {word(contact.kind)}"
            self.recipient.addItem(text, contact.id)
        self.add("recipient_id", self.tr("Recipient"), self.recipient)
        channel = QComboBox()
        channel.setEditable(True)
        # Enter accepts the dialog; it does not add what was typed to the list.
        channel.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        channel.addItems([self.tr(c) for c in CHANNELS])
        channel.setEditText("")
        self.add("channel", self.tr("Channel"), channel)
        self.add("subject", self.tr("Subject"), QLineEdit())
        self.add("reference_number", self.tr("Reference number"), QLineEdit())
        self.sent_date = PartialDateEdit()
        self.add("sent_date", self.tr("Sent"), self.sent_date)
        self.add("follow_up_date", self.tr("Follow up on"), PartialDateEdit(require_day=True))
        self.status = status = choice_combo(choices(vocab.APPEAL_STATUSES), blank=None)
        self.add("status", self.tr("Status"), status)
        self.add("response_date", self.tr("Answered on"), PartialDateEdit())
        summary = QPlainTextEdit()
        summary.setTabChangesFocus(True)
        summary.setFixedHeight(80)
        self.add("response_summary", self.tr("Answer summary"), summary)
        if appeal is not None:
            self.form.set_values(appeal)
        else:
            combo_set(status, "draft")
        # A sent date means the appeal left: a draft becomes "sent", in view, and the
        # caseworker can set it back. Only when the date is typed, not on loading.
        self.sent_date.textEdited.connect(self._sent_date_typed)
        self.recipient.setFocus()

    def _sent_date_typed(self, text: str) -> None:
        if text.strip() and self.status.currentData() == "draft":
            combo_set(self.status, "sent")

    def work(self):
        reference, actor, values = self.reference, self.ctx.actor, self.values()
        if self.appeal is None:
            return lambda db: records.add_appeal(db, reference, actor=actor, **values)
        appeal_id = self.appeal.id

        def update(db) -> int:
            records.update_record(db, "appeal", appeal_id, fields=values, actor=actor)
            return appeal_id

        return update
