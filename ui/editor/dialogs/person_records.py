"""Dialogs for the smaller lists of a case: identity documents, custody periods, media.

Each saves one record through services.records (one transaction) and stays open with the
message at the field when the input is refused.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QWidget

from casemanager.services import records
from ui.context import AppContext
from ui.editor.dialogs.record_dialog import RecordDialog
from ui.labels import choices
from ui.widgets.countries_edit import CountriesEdit
from ui.widgets.form import choice_combo
from ui.widgets.partial_date_edit import PartialDateEdit


def _note() -> QPlainTextEdit:
    note = QPlainTextEdit()
    note.setTabChangesFocus(True)
    note.setFixedHeight(70)
    return note


class _SimpleRecordDialog(RecordDialog):
    kind = ""

    def __init__(
        self, ctx: AppContext, reference: str, record: Any | None, parent: QWidget | None
    ) -> None:
        super().__init__(ctx, "", parent)
        self.reference, self.record = reference, record

    def finish(self) -> None:
        if self.record is not None:
            self.form.set_values(self.record)

    def work(self):
        reference, kind, actor, values = self.reference, self.kind, self.ctx.actor, self.values()
        if self.record is None:
            return lambda db: records.add_record(db, reference, kind, fields=values, actor=actor)
        record_id = self.record.id

        def update(db) -> int:
            records.update_record(db, kind, record_id, fields=values, actor=actor)
            return record_id

        return update


class DocumentDialog(_SimpleRecordDialog):
    kind = "document"

    def __init__(self, ctx, reference, record=None, parent=None) -> None:
        super().__init__(ctx, reference, record, parent)
        self.setWindowTitle(self.tr("Identity document"))
        self.add("doc_type", self.tr("Type"), choice_combo(choices("doc_type"), blank=None))
        self.add("number", self.tr("Number"), QLineEdit())
        self.add("issuing_country", self.tr("Issued by"), CountriesEdit(single=True))
        self.add("note", self.tr("Note"), _note())
        self.finish()


class CustodyDialog(_SimpleRecordDialog):
    kind = "custody"

    def __init__(self, ctx, reference, record=None, parent=None) -> None:
        super().__init__(ctx, reference, record, parent)
        self.setWindowTitle(self.tr("Place of detention"))
        self.facility = self.add("facility", self.tr("Facility"), QLineEdit())
        self.hidden = QCheckBox(self.tr("Location not disclosed"))
        self.add("not_disclosed", "", self.hidden)
        self.hidden.toggled.connect(lambda on: self.facility.setEnabled(not on))
        self.add("holding_party", self.tr("Held by"), QLineEdit())
        self.add("date_from", self.tr("From"), PartialDateEdit())
        self.add("date_to", self.tr("Until"), PartialDateEdit())
        self.add("note", self.tr("Note"), _note())
        if record is not None:
            self.form.set_values(record)
            self.hidden.setChecked(not record.disclosed)

    def values(self) -> dict:
        values = self.form.values()
        values["disclosed"] = not values.pop("not_disclosed")
        return values


class MediaDialog(_SimpleRecordDialog):
    kind = "media"

    def __init__(self, ctx, reference, record=None, parent=None) -> None:
        super().__init__(ctx, reference, record, parent)
        self.setWindowTitle(self.tr("Media appearance"))
        self.add("date", self.tr("Date"), PartialDateEdit())
        self.add("platform", self.tr("Platform"), QLineEdit())
        self.add("link", self.tr("Link"), QLineEdit())
        self.add("coercion_note", self.tr("Signs of coercion"), _note())
        self.finish()
