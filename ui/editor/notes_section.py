"""Free notes on the case, and confidential notes that never leave the organisation."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ui.editor.section import EditorHost, Section
from ui.widgets.form import Form


class NotesSection(Section):
    def __init__(self, host: EditorHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.title = self.tr("Notes")
        self.form = form = Form(self)
        inner = QWidget()
        column = QVBoxLayout(inner)
        box, rows = self.group(self.tr("Notes"))
        notes = QPlainTextEdit()
        notes.setTabChangesFocus(True)
        notes.setMinimumHeight(160)
        form.add(rows, "notes", None, notes)
        column.addWidget(box, 1)
        box, rows = self.group(self.tr("Confidential notes"))
        self.confidential_box = box  # hidden from volunteers (ui.permissions)
        hint = QLabel(self.tr("Printed only in a dossier for internal use; never in one for "
                                  "others, never sent to partners."))
        hint.setStyleSheet("color: #5f6368;")
        rows.addRow(hint)
        secret = QPlainTextEdit()
        secret.setTabChangesFocus(True)
        secret.setMinimumHeight(120)
        form.add(rows, "confidential_notes", None, secret)
        column.addWidget(box, 1)
        self.scrolling(inner)
