"""Small widgets shared by the due, exchanges and overview views: a read-only table,
a painted bar chart and the dialog that asks for a new date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDate, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain.partialdate import PartialDate
from ui.labels import count_text, date_format, date_text
from ui.widgets.columns import measure_few_rows

BAR_COLOUR = QColor("#2f5d8a")
OVERDUE_COLOUR = QColor("#b3261e")


def readonly_table(headers: Sequence[str], *, multi: bool = False) -> QTableWidget:
    """A table for showing rows: whole-row selection, sortable, no editing. Columns fit
    their contents when filled (names are never cut); the user can resize them."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.horizontalHeader().setHighlightSections(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    measure_few_rows(table)  # fill_table fits columns to a few rows, not 1,000
    return table


_SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class _DateItem(QTableWidgetItem):
    """A date written as the window writes dates (`11/30/2026`), sorted as a date."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(_SORT_ROLE), other.data(_SORT_ROLE)
        if mine is None or theirs is None:
            return super().__lt__(other)
        return mine < theirs


def fill_table(table: QTableWidget, rows: Sequence[Sequence[object]], *, keys: Sequence = ()) -> None:
    """Replace a table's rows; `keys[i]` is kept in row i's first cell (Qt.UserRole).
    Numbers sort as numbers; dates (a date, a datetime, a PartialDate) are written by
    `date_text` and sort as dates."""
    table.setSortingEnabled(False)
    table.clearContents()
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = _DateItem() if isinstance(value, dt.date | PartialDate) else QTableWidgetItem()
            if isinstance(value, dt.date | PartialDate):
                item.setText(date_text(value))
                key = value.iso() if isinstance(value, PartialDate) else value.isoformat()
                item.setData(_SORT_ROLE, key)
            elif isinstance(value, int):
                item.setData(Qt.ItemDataRole.DisplayRole, value)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            else:
                item.setText("" if value is None else str(value))
            if c == 0 and keys:
                item.setData(Qt.ItemDataRole.UserRole, keys[r])
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    for c in range(table.columnCount()):
        table.setColumnWidth(c, min(table.columnWidth(c) + 8, 360))
    # No sort column: rows stay in the order given (the core's order) until a header click.
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)


def selected_keys(table: QTableWidget) -> list:
    rows = sorted({i.row() for i in table.selectedIndexes()})
    keys = []
    for r in rows:
        item = table.item(r, 0)
        if item is not None:
            keys.append(item.data(Qt.ItemDataRole.UserRole))
    return keys


class BarChart(QWidget):
    """Horizontal bars, one per value, each with its label and count: painted with
    QPainter so it looks the same offscreen, in screenshots and on any platform."""

    row_height = 20

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: Sequence[tuple[str, int]]) -> None:
        self._rows = list(rows)
        self.setFixedHeight(max(1, len(self._rows)) * self.row_height + 6)
        self.update()

    def rows(self) -> list[tuple[str, int]]:
        return list(self._rows)

    def sizeHint(self) -> QSize:
        return QSize(320, max(1, len(self._rows)) * self.row_height + 6)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        width = self.width()
        label_w = min(max((metrics.horizontalAdvance(lbl) for lbl, _ in self._rows), default=40) + 12,
                      int(width * 0.45))
        top = max((n for _, n in self._rows), default=0) or 1
        # Room for the largest count as written ("101,106", "101 106"), at least 6 digits.
        num_w = metrics.horizontalAdvance(count_text(max(top, 100_000))) + 8
        bar_w = max(width - label_w - num_w, 10)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        for i, (label, n) in enumerate(self._rows):
            y = 3 + i * self.row_height
            p.setPen(text)
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 8)
            p.drawText(QRectF(0, y, label_w - 8, self.row_height),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, shown)
            if n:
                p.fillRect(QRectF(label_w, y + 4, max(bar_w * n / top, 2), self.row_height - 8),
                           BAR_COLOUR)
            p.drawText(QRectF(width - num_w, y, num_w, self.row_height),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, count_text(n))
        p.end()


class DateDialog(QDialog):
    """Asks for a day, with quick choices for the usual "put it off" answers."""

    def __init__(self, title: str, prompt: str, current: dt.date | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(date_format())  # as the window writes dates
        start = current or dt.date.today()
        self.edit.setDate(QDate(start.year, start.month, start.day))
        layout.addWidget(self.edit)
        quick = QHBoxLayout()
        for text, days in ((self.tr("Tomorrow"), 1), (self.tr("In a week"), 7),
                           (self.tr("In two weeks"), 14), (self.tr("In a month"), 30)):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, d=days: self.set_date(
                dt.date.today() + dt.timedelta(days=d)))
            quick.addWidget(button)
        layout.addLayout(quick)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def set_date(self, value: dt.date) -> None:
        self.edit.setDate(QDate(value.year, value.month, value.day))

    def date(self) -> dt.date:
        d = self.edit.date()
        return dt.date(d.year(), d.month(), d.day())
