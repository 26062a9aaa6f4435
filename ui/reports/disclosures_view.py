"""A case's disclosure ledger: what was sent to whom and when, with the file's SHA-256.

`DisclosuresView(ctx, reference)` is a small read-only table (the case editor may embed
it); it reloads itself when an operation reports that the case changed.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from casemanager.domain.dto import DisclosureInfo
from casemanager.domain.errors import NotFoundError
from casemanager.reports.dossiers import list_disclosures
from ui.context import AppContext
from ui.i18n import QT_TRANSLATE_NOOP
from ui.labels import date_time_text
from ui.operations.operation import Operation
from ui.reports.disclosure_words import kind_title, profile_title
from ui.widgets.columns import measure_few_rows

DATE, RECIPIENT, KIND, PROFILE, MADE_BY, FILE, SHA = range(7)
HEADERS = (
    QT_TRANSLATE_NOOP("DisclosuresModel", "Date"),
    QT_TRANSLATE_NOOP("DisclosuresModel", "Recipient"),
    QT_TRANSLATE_NOOP("DisclosuresModel", "Kind"),
    QT_TRANSLATE_NOOP("DisclosuresModel", "Profile"),
    QT_TRANSLATE_NOOP("DisclosuresModel", "Made by"),
    QT_TRANSLATE_NOOP("DisclosuresModel", "File"),
    QT_TRANSLATE_NOOP("DisclosuresModel", "SHA-256"),
)
Index = QModelIndex | QPersistentModelIndex


class DisclosuresModel(QAbstractTableModel):
    """The ledger rows, newest first; `Qt.UserRole` gives the DisclosureInfo."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[DisclosureInfo] = []

    def set_rows(self, rows: list[DisclosureInfo]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(HEADERS[section])
        return None

    def data(self, index: Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role == Qt.ItemDataRole.ToolTipRole and column == SHA:
            return row.sha256
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == DATE:
            return date_time_text(row.made_at)
        if column == RECIPIENT:
            return row.recipient or "—"
        if column == KIND:
            return kind_title(row.kind)
        if column == PROFILE:
            return profile_title(row.profile)
        if column == MADE_BY:
            return row.made_by
        if column == FILE:
            return row.filename or self.tr("(printed)")
        return row.sha256[:12] + "…" if row.sha256 else ""


class DisclosuresView(QWidget):
    def __init__(self, ctx: AppContext, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reference = reference
        self.model = DisclosuresModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RECIPIENT, QHeaderView.ResizeMode.Stretch)
        measure_few_rows(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        ctx.changes.cases_changed.connect(self._cases_changed)
        self.refresh()

    def set_reference(self, reference: str) -> None:
        self.reference = reference
        self.refresh()

    def refresh(self) -> Operation:
        """Read the ledger on the database worker; a newer refresh wins."""
        reference = self.reference

        def work(db) -> list:
            try:
                return list_disclosures(db, reference)
            except NotFoundError:  # the case was deleted meanwhile
                return []

        return Operation(self.ctx, parent=self, work=work, key="ledger",
                         failure_title=self.tr("Disclosures")).success(self.model.set_rows).run()

    def _cases_changed(self, references: list) -> None:
        if not references or self.reference in references:
            self.refresh()
