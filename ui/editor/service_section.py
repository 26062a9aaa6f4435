"""Service and capture: affiliation, unit, recruitment, capture, health, the ICRC number,
the places the person has been held (custody history) and media appearances."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from casemanager.domain.dto import CaseDetail, CustodyInfo, MediaInfo
from casemanager.services import records
from ui.editor.dialogs.person_records import CustodyDialog, MediaDialog
from ui.editor.section import EditorHost, Section
from ui.labels import choices
from ui.widgets.form import Form, choice_combo
from ui.widgets.partial_date_edit import PartialDateEdit
from ui.widgets.record_table import RecordTable


class ServiceSection(Section):
    def __init__(self, host: EditorHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.title = self.tr("Service and capture")
        self.form = form = Form(self)
        form.label_width = 135
        inner = QWidget()
        columns = QHBoxLayout(inner)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        box, rows = self.group(self.tr("Service"))
        form.add(rows, "affiliation", self.tr("Affiliation"), QLineEdit())
        form.add(rows, "unit", self.tr("Unit"), QLineEdit())
        form.add(rows, "rank", self.tr("Rank"), QLineEdit())
        form.add(rows, "service_number", self.tr("Service number"), QLineEdit())
        form.add(rows, "recruitment", self.tr("Recruitment"), choice_combo(choices("recruitment")))
        left.addWidget(box)

        box, rows = self.group(self.tr("Capture and health"))
        form.add(rows, "capture_date", self.tr("Captured on"), PartialDateEdit())
        form.add(rows, "capture_place", self.tr("Captured at"), QLineEdit())
        form.add(rows, "detaining_party", self.tr("Detaining party"), QLineEdit())
        form.add(rows, "icrc_registration", self.tr("ICRC registration"), QLineEdit())
        form.add(
            rows, "medical_urgency", self.tr("Medical urgency"),
            choice_combo(choices("medical_urgency")),
        )
        health = QPlainTextEdit()
        health.setTabChangesFocus(True)
        health.setFixedHeight(90)
        health.setPlaceholderText(self.tr("injuries, illnesses, medication needed"))
        form.add(rows, "health", self.tr("Health"), health)
        left.addWidget(box)
        left.addStretch(1)

        box, rows = self.group(self.tr("Custody history"))
        self.custody = RecordTable(
            [
                (self.tr("Place"), lambda c: c.place),
                (self.tr("Held by"), lambda c: c.holding_party),
                (self.tr("From"), lambda c: c.date_from),
                (self.tr("Until"), lambda c: c.date_to),
            ],
            add_text=self.tr("Add place…"),
            stretch=0,
        )
        self.custody.setMinimumHeight(170)
        rows.addRow(self.custody)
        right.addWidget(box)

        box, rows = self.group(self.tr("Media appearances"))
        self.media = RecordTable(
            [
                (self.tr("Date"), lambda m: m.date),
                (self.tr("Platform"), lambda m: m.platform),
                (self.tr("Link"), lambda m: m.link),
                (self.tr("Coercion"), lambda m: m.coercion_note),
            ],
            add_text=self.tr("Add appearance…"),
            stretch=2,
        )
        self.media.setMinimumHeight(150)
        rows.addRow(self.media)
        right.addWidget(box)
        right.addStretch(1)

        self.custody.add_clicked.connect(lambda: self._open(CustodyDialog, None))
        self.custody.edit_clicked.connect(lambda row: self._open(CustodyDialog, row))
        self.custody.delete_clicked.connect(self.delete_custody)
        self.media.add_clicked.connect(lambda: self._open(MediaDialog, None))
        self.media.edit_clicked.connect(lambda row: self._open(MediaDialog, row))
        self.media.delete_clicked.connect(self.delete_media)
        self.scrolling(inner)

    def show_records(self, detail: CaseDetail | None) -> None:
        self.custody.set_rows(detail.custody if detail else ())
        self.media.set_rows(detail.media if detail else ())

    def _open(self, dialog_class, row) -> None:
        self.open_dialog(lambda ref: dialog_class(self.ctx, ref, row, parent=self))

    def delete_custody(self, row: CustodyInfo) -> None:
        if self.confirm(self.tr("Delete place"), self.tr("Delete %1 from the custody history?").replace("%1", row.place or "?")):
            self.run(lambda db: records.delete_record(db, "custody", row.id, actor=self.ctx.actor))

    def delete_media(self, row: MediaInfo) -> None:
        if self.confirm(self.tr("Delete media appearance"), self.tr("Delete this media appearance?")):
            self.run(lambda db: records.delete_record(db, "media", row.id, actor=self.ctx.actor))
