"""A small table of a case's records (appeals, events, custody...) with Add/Edit/Delete.

The rows are frozen DTOs from the services; each column is a title and a function of the
row. The row object is kept under `ROW_ROLE`, so the buttons act on what is selected
whatever the sort order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.icons import icon
from ui.labels import show
from ui.widgets.columns import measure_few_rows

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
Column = tuple[str, Callable[[Any], Any]]
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class RecordModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = show(self.columns[index.column()][1](row))
            # One line per row in the table; the whole text stays in the tooltip.
            return text.replace("\n", " ") if role == Qt.ItemDataRole.DisplayRole else text
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][0]
        return None


class RecordTable(QWidget):
    add_clicked = Signal()
    edit_clicked = Signal(object)
    delete_clicked = Signal(object)

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        add_text: str,
        stretch: int = -1,
        editable: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = RecordModel(columns, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(stretch < 0)
        measure_few_rows(self.view)
        if stretch >= 0:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _i: self._emit(self.edit_clicked))

        self.add_button = QPushButton(icon("add"), add_text)
        self.add_button.clicked.connect(self.add_clicked)
        self.edit_button = QPushButton(icon("edit"), self.tr("Edit…"))
        self.edit_button.clicked.connect(lambda: self._emit(self.edit_clicked))
        self.delete_button = QPushButton(icon("delete"), self.tr("Delete…"))
        self.delete_button.clicked.connect(lambda: self._emit(self.delete_clicked))
        self.edit_button.setVisible(editable)

        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.add_button)
        self.buttons.addWidget(self.edit_button)
        self.buttons.addWidget(self.delete_button)
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(self.buttons)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.model.set_rows(rows)
        self._update_buttons()

    def selected(self) -> Any | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def select_row(self, row: int) -> None:
        self.view.selectRow(row)

    def _emit(self, signal) -> None:
        row = self.selected()
        if row is not None:
            signal.emit(row)

    def _update_buttons(self, *_args: Any) -> None:
        has = self.selected() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
