"""The case's status with its dated, sourced history, and how the case is handled
(priority, who works on it, tags)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from casemanager.domain.dto import CaseDetail
from casemanager.domain.partialdate import PartialDate
from ui.editor.dialogs.status_dialog import StatusDialog
from ui.editor.section import EditorHost, Section
from ui.icons import icon
from ui.labels import choices, local_date_text, system_text, word
from ui.widgets.form import Form, choice_combo
from ui.widgets.partial_date_edit import PartialDateEdit
from ui.widgets.record_table import RecordTable


class StatusSection(Section):
    form: Form  # made in __init__: the case's priority and assignee

    def __init__(self, host: EditorHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.title = self.tr("Status")
        self.current = "reported"
        self._reported_on: PartialDate | None = None  # the opening entry's date
        self._born: PartialDate | None = None
        inner = QWidget()
        column = QVBoxLayout(inner)

        box, rows = self.group(self.tr("Current status"))
        line = QHBoxLayout()
        self.status_label = QLabel()
        self.status_label.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.change_button = QPushButton(icon("status"), self.tr("Change status…"))
        self.change_button.clicked.connect(self.change_status)
        line.addWidget(self.status_label)
        line.addSpacing(16)
        line.addWidget(self.change_button)
        line.addStretch(1)
        rows.addRow(line)
        self.form = form = Form(self)
        form.label_width = 135
        form.add(rows, "priority", self.tr("Priority"), choice_combo(choices("priority"), blank=None))
        form.add(rows, "assigned_to", self.tr("Assigned to"), QLineEdit())
        # Only while the case is new: when it was reported, which dates the opening status
        # entry (a case entered from older files was not reported on the day it is typed).
        reported = PartialDateEdit()
        reported.setToolTip(self.tr("When the case was reported to you; empty: today"))
        form.add(rows, "reported_on", self.tr("Reported on"), reported)
        self._rows = rows
        self._reported_box = form.bindings["reported_on"].box
        tags = QLineEdit()
        tags.setPlaceholderText(self.tr("separated by ;"))
        form.add(rows, "tags", self.tr("Tags"), tags)
        # The handling fields need no more width than a name; the history below does.
        top = QHBoxLayout()
        top.addWidget(box, 3)
        top.addStretch(2)
        column.addLayout(top)

        box, rows = self.group(self.tr("History"))
        self.history = RecordTable(
            [
                (self.tr("Date"), lambda s: s.date),
                (self.tr("Status"), lambda s: word("status", s.status)),
                (self.tr("Confidence"), lambda s: word("confidence", s.confidence)),
                (self.tr("Source"), lambda s: system_text(s.source)),
                (self.tr("Note"), lambda s: s.note),
                (self.tr("Recorded"), lambda s: f"{local_date_text(s.recorded_at)} {s.recorded_by}"),
            ],
            add_text=self.tr("Change status…"),
            stretch=4,
        )
        # The history is a record of what happened: it is added to, never edited.
        for button in (self.history.add_button, self.history.edit_button, self.history.delete_button):
            button.hide()
        self.history.setMinimumHeight(220)
        rows.addRow(self.history)
        column.addWidget(box, 1)
        self.scrolling(inner)

    def show_records(self, detail: CaseDetail | None) -> None:
        self._rows.setRowVisible(self._reported_box, detail is None)
        self.current = detail.status if detail else "reported"
        self.status_label.setText(word("status", self.current))
        history = tuple(reversed(detail.status_history)) if detail else ()
        self.history.set_rows(history)
        reports = [s.date for s in history if s.status == "reported" and s.date is not None]
        self._reported_on = min(reports, key=lambda d: d.earliest()) if reports else None
        self._born = detail.date_of_birth if detail else None

    def change_status(self) -> None:
        self.open_dialog(lambda ref: StatusDialog(self.ctx, ref, self.current, parent=self,
                                                  reported_on=self._reported_on,
                                                  born=self._born))
