"""The case's history: every change from the audit log, and what was disclosed to whom;
above them, partners' references for the case and the imports that created or changed it.

Both views are built when a saved case is first shown; a new case has no history yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from casemanager.domain.dto import CaseDetail
from ui import permissions
from ui.editor.section import EditorHost, Section
from ui.labels import date_time_text

if TYPE_CHECKING:  # made on first show: imported then
    from ui.protect.audit_view import CaseHistoryView
    from ui.reports.disclosures_view import DisclosuresView


class HistorySection(Section):
    def __init__(self, host: EditorHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.title = self.tr("History")
        self.changes: CaseHistoryView | None = None
        self.disclosures: DisclosuresView | None = None
        self._layout = QVBoxLayout(self)
        self._empty = QLabel(self.tr("The history starts when the case is first saved."))
        self._layout.addWidget(self._empty)
        self.provenance = QLabel()
        self.provenance.setWordWrap(True)
        self.provenance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.provenance.hide()
        self._layout.addWidget(self.provenance)

    def show_records(self, detail: CaseDetail | None) -> None:
        if detail is None:
            return
        self._show_provenance(detail)
        if self.changes is None:
            from ui.protect.audit_view import CaseHistoryView
            from ui.reports.disclosures_view import DisclosuresView

            self._empty.hide()
            box, rows = self.group(self.tr("Changes"))
            self.changes = CaseHistoryView(self.ctx, detail.reference, box)
            rows.addRow(self.changes)
            self._layout.addWidget(box, 3)
            if permissions.may(self.ctx, "disclosures"):  # not a volunteer's to read
                box, rows = self.group(self.tr("Disclosed to (dossiers, letters, lists)"))
                self.disclosures = DisclosuresView(self.ctx, detail.reference, box)
                rows.addRow(self.disclosures)
                self._layout.addWidget(box, 1)
        elif self.changes.reference != detail.reference:
            self.changes.set_reference(detail.reference)
            if self.disclosures is not None:  # made with self.changes
                self.disclosures.set_reference(detail.reference)

    def _show_provenance(self, detail: CaseDetail) -> None:
        lines = []
        if detail.external_references:
            lines.append(self.tr("Partners' references: %1").replace(
                "%1", "; ".join(detail.external_references)))
        for i in detail.imports:
            text = (self.tr("Created by import %1: %2") if i.action == "create"
                    else self.tr("Changed by import %1: %2"))
            source = f" ({i.source})" if i.source else ""
            lines.append(text.replace("%1", str(i.import_id)).replace(
                "%2", f"{i.file}{source}, {date_time_text(i.at)}"))
        self.provenance.setText("\n".join(lines))
        self.provenance.setVisible(bool(lines))
