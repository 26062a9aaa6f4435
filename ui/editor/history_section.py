"""The case's history: every change from the audit log, and what was disclosed to whom.

Both views are built when a saved case is first shown; a new case has no history yet.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from casemanager.dto import CaseDetail
from ui.editor.section import EditorHost, Section


class HistorySection(Section):
    def __init__(self, host: EditorHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.title = self.tr("History")
        self.changes = None
        self.disclosures = None
        self._layout = QVBoxLayout(self)
        self._empty = QLabel(self.tr("The history starts when the case is first saved."))
        self._layout.addWidget(self._empty)

    def show_records(self, detail: CaseDetail | None) -> None:
        if detail is None:
            return
        if self.changes is None:
            from ui.audit_view import CaseHistoryView
            from ui.disclosures_view import DisclosuresView

            self._empty.hide()
            box, _rows = self.group(self.tr("Changes"))
            self.changes = CaseHistoryView(self.ctx, detail.reference, box)
            box.layout().addRow(self.changes)
            self._layout.addWidget(box, 3)
            box, _rows = self.group(self.tr("Disclosed to (dossiers, letters, lists)"))
            self.disclosures = DisclosuresView(self.ctx, detail.reference, box)
            box.layout().addRow(self.disclosures)
            self._layout.addWidget(box, 1)
        elif self.changes.reference != detail.reference:
            self.changes.set_reference(detail.reference)
            self.disclosures.set_reference(detail.reference)
