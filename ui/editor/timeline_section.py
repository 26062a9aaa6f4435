"""The case's timeline: dated events (calls, visits, transfers...) with source and
confidence, oldest first as the story unfolded."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from casemanager.domain.dto import CaseDetail, EventInfo
from casemanager.services import records
from ui.editor.dialogs.event_dialog import EventDialog
from ui.editor.section import EditorHost, Section
from ui.labels import date_text, system_text, word
from ui.widgets.record_table import RecordTable


class TimelineSection(Section):
    def __init__(self, host: EditorHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.title = self.tr("Timeline")
        self.table = RecordTable(
            [
                (self.tr("Date"), lambda e: e.date),
                (self.tr("Kind"), lambda e: word("event_kind", e.kind)),
                (self.tr("Summary"), lambda e: system_text(e.summary)),
                (self.tr("Source"), lambda e: system_text(e.source)),
                (self.tr("Confidence"), lambda e: word("confidence", e.confidence)),
                (self.tr("Confidential"), lambda e: e.confidential),
            ],
            add_text=self.tr("Add event…"),
            stretch=2,
        )
        self.table.add_clicked.connect(self.add_event)
        self.table.edit_clicked.connect(self.edit_event)
        self.table.delete_clicked.connect(self.delete_event)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def show_records(self, detail: CaseDetail | None) -> None:
        # The service sorts events by date (undated first), then by when they were added.
        self.table.set_rows(detail.events if detail else ())

    def add_event(self) -> None:
        self.open_dialog(lambda ref: EventDialog(self.ctx, ref, parent=self))

    def edit_event(self, event: EventInfo) -> None:
        self.open_dialog(lambda ref: EventDialog(self.ctx, ref, event, parent=self))

    def delete_event(self, event: EventInfo) -> None:
        when = date_text(event.date) if event.date else self.tr("undated")
        if self.confirm(self.tr("Delete event"), self.tr("Delete the event of %1?").replace("%1", when)):
            self.run(lambda db: records.delete_record(db, "event", event.id, actor=self.ctx.actor))
