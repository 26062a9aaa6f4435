"""Add or edit a timeline event: date, kind, summary, source, confidence."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QWidget

from casemanager.domain.dto import EventInfo
from casemanager.domain.partialdate import PartialDate
from casemanager.services import records
from ui.context import AppContext
from ui.editor.dialogs.record_dialog import RecordDialog
from ui.labels import choices
from ui.widgets.form import choice_combo, combo_set
from ui.widgets.partial_date_edit import PartialDateEdit


class EventDialog(RecordDialog):
    def __init__(
        self,
        ctx: AppContext,
        reference: str,
        event: EventInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("Edit event") if event else self.tr("Add event"))
        # Not `self.event`: that would hide QWidget.event, which Qt calls.
        self.reference, self.editing = reference, event
        self.date = self.add("date", self.tr("Date"), PartialDateEdit())
        kind = choice_combo(choices("event_kind"), blank=None)
        self.add("kind", self.tr("Kind"), kind)
        summary = QPlainTextEdit()
        summary.setTabChangesFocus(True)
        summary.setFixedHeight(90)
        self.add("summary", self.tr("Summary"), summary)
        self.add("source", self.tr("Source"), QLineEdit())
        confidence = choice_combo(choices("confidence"), blank=None)
        self.add("confidence", self.tr("Confidence"), confidence)
        self.add("confidential", "", QCheckBox(self.tr("Confidential (left out of dossiers)")))
        if event is not None:
            self.form.set_values(event)
        else:
            self.date.setDate(PartialDate.today())
            combo_set(confidence, "unverified")
        self.date.setFocus()

    def work(self):
        reference, actor, values = self.reference, self.ctx.actor, self.values()
        if self.editing is None:
            return lambda db: records.add_event(db, reference, actor=actor, **values)
        event_id = self.editing.id

        def update(db) -> int:
            records.update_record(db, "event", event_id, fields=values, actor=actor)
            return event_id

        return update
