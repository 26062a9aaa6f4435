"""Appeals made on the case's behalf: to whom, when, what came back, when to follow up."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from casemanager.domain.dto import AppealInfo, CaseDetail
from casemanager.reports.appeal_letter import make_appeal_letter
from casemanager.services import records
from ui.editor.dialogs.appeal_dialog import AppealDialog, channel_text
from ui.editor.section import EditorHost, Section
from ui.i18n import current_language
from ui.icons import icon
from ui.labels import word
from ui.widgets.record_table import RecordTable


class AppealsSection(Section):
    letter_made = Signal(int)  # the attachment holding the letter just made

    def __init__(self, host: EditorHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.title = self.tr("Appeals")
        self.table = RecordTable(
            [
                (self.tr("Sent"), lambda a: a.sent_date),
                (self.tr("Recipient"), lambda a: a.recipient_name),
                (self.tr("Channel"), lambda a: channel_text(a.channel)),
                (self.tr("Subject"), lambda a: a.subject),
                (self.tr("Status"), lambda a: word("appeal_status", a.status)),
                (self.tr("Follow up"), lambda a: a.follow_up_date),
                (self.tr("Answer"), lambda a: a.response_summary),
            ],
            add_text=self.tr("Add appeal…"),
            stretch=3,
        )
        self.table.add_clicked.connect(self.add_appeal)
        self.table.edit_clicked.connect(self.edit_appeal)
        self.table.delete_clicked.connect(self.delete_appeal)
        self.letter_button = QPushButton(icon("letter"), self.tr("Letter…"))
        self.letter_button.setToolTip(self.tr(
            "Write the appeal letter from the template, in the interface language, and "
            "attach it to the case"))
        self.letter_button.clicked.connect(self.make_letter)
        self.table.buttons.insertWidget(3, self.letter_button)
        self.table.view.selectionModel().selectionChanged.connect(self._update_letter)
        self._update_letter()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def show_records(self, detail: CaseDetail | None) -> None:
        appeals = detail.appeals if detail else ()
        # Newest first; appeals not sent yet (drafts) on top.
        far = dt.date.max
        self.table.set_rows(
            sorted(
                appeals,
                key=lambda a: a.sent_date.earliest() if a.sent_date else far,
                reverse=True,
            )
        )

    def _update_letter(self, *_args) -> None:
        self.letter_button.setEnabled(self.table.selected() is not None)

    def make_letter(self) -> None:
        """Make the selected appeal's letter on the database worker; it is attached to
        the case and shown there (`letter_made(attachment_id)`)."""
        appeal = self.table.selected()
        if appeal is None:
            return
        language, actor = current_language(), self.ctx.actor

        def shown(attachment_id: int) -> None:
            editor = self.host
            attachments = getattr(editor, "attachments", None)
            if attachments is not None:
                editor.tabs.setCurrentWidget(attachments)
                attachments.select_attachment(attachment_id)
            self.letter_made.emit(attachment_id)

        self.run(lambda db: make_appeal_letter(db, appeal.id, language, actor=actor),
                 self.tr("Letter not made"), then=shown)

    def add_appeal(self) -> None:
        self.open_dialog(lambda ref: AppealDialog(self.ctx, ref, parent=self))

    def edit_appeal(self, appeal: AppealInfo) -> None:
        self.open_dialog(lambda ref: AppealDialog(self.ctx, ref, appeal, parent=self))

    def delete_appeal(self, appeal: AppealInfo) -> None:
        what = appeal.subject or appeal.recipient_name or self.tr("this appeal")
        if self.confirm(self.tr("Delete appeal"), self.tr("Delete the appeal “%1”?").replace("%1", what)):
            self.run(lambda db: records.delete_record(db, "appeal", appeal.id, actor=self.ctx.actor))
