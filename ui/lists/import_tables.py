"""The import check's tables as models: problems, warnings and likely duplicates.

A refused file can have 40,000 problems and a list 10,000 rows that look like cases
already held. Built as table widgets (an item per cell, a combo box per duplicate, every
row measured) that froze the window for 3.6 s and 13.3 s. These models hold the
report's lists and word a cell only when the view shows it; the duplicate's choice is a
cell drawn as a combo box and edited with a real one (`ChoiceDelegate`) only when the
caseworker opens it, and choices can be set for many selected rows at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from casemanager.lists.importer import Duplicate, Problem
from ui.i18n import QT_TRANSLATE_NOOP
from ui.widgets.columns import measure_few_rows

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
# What to do with a row that looks like a case already in the database.
CHOICES = (("skip", QT_TRANSLATE_NOOP("CheckPage", "Skip this row")),
           ("update", QT_TRANSLATE_NOOP("CheckPage", "Update that case")),
           ("add", QT_TRANSLATE_NOOP("CheckPage", "Add as a new case")))
CHOICE_ROLE = Qt.ItemDataRole.UserRole + 1  # the duplicate's choice: skip / update / add
WRAPPED_ROWS = 200  # a problem list this short is shown with its long texts wrapped


def choice_label(key: str) -> str:
    return QCoreApplication.translate("CheckPage", dict(CHOICES)[key])


def choice_width(metrics: QFontMetrics) -> int:
    """Room for the longest choice and the combo box's arrow."""
    return max(metrics.horizontalAdvance(choice_label(key)) for key, _ in CHOICES) + 48


def report_table(model: QAbstractItemModel) -> QTableView:
    """A read-only table of one of the report's lists: rows of one height (nothing is
    measured row by row), columns fitted to the rows in sight."""
    table = QTableView()
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    rows = table.verticalHeader()
    rows.setVisible(False)
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 10)
    measure_few_rows(table)
    return table


def fit_row_numbers(table: QTableView, largest: int) -> None:
    """The first column (the file's row numbers) as wide as the largest number, which
    may be far below the rows a fit looks at."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    digits = table.fontMetrics().horizontalAdvance(str(largest)) + 16
    header.resizeSection(0, max(digits, header.sectionSizeHint(0)))


class _ReportModel(QAbstractTableModel):
    """A table of the import report's rows (`_rows()`) under fixed column headers."""

    _headers: list[str]

    def _rows(self) -> Sequence[Any]:
        raise NotImplementedError

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows())

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None


class ProblemsModel(_ReportModel):
    """Problems or warnings: row, column, what is wrong (whole in its tooltip)."""

    def __init__(self, headers: Sequence[str], column_title: Callable[[str], str],
                 reason_text: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._column_title = column_title
        self._reason_text = reason_text
        self.problems: list[Problem] = []

    def _rows(self) -> Sequence[Any]:
        return self.problems

    def set_problems(self, problems: list[Problem]) -> None:
        self.beginResetModel()
        self.problems = problems
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        problem = self.problems[index.row()]
        column = index.column()
        if column == 0:
            return str(problem.row)
        if column == 1:
            return self._column_title(problem.column)
        return self._reason_text(problem.reason)


class DuplicatesModel(_ReportModel):
    """Rows that look like cases already held: the row, the person in the file, the
    case (or earlier row) they may be, and the caseworker's choice (CHOICE_ROLE; edited
    in the last column)."""

    ROW, PERSON, MAY_BE, CHOICE = range(4)

    def __init__(self, headers: Sequence[str],
                 describe: Callable[[Duplicate], tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._describe = describe  # (the person in the file, who they may be)
        self._texts: dict[int, tuple[str, str]] = {}
        self.duplicates: list[Duplicate] = []
        self.choices: dict[int, str] = {}  # the file's row number: skip / update / add

    def _rows(self) -> Sequence[Any]:
        return self.duplicates

    def set_duplicates(self, duplicates: list[Duplicate]) -> None:
        self.beginResetModel()
        self.duplicates = duplicates
        self.choices = {d.row: "skip" for d in duplicates}
        self._texts = {}
        self.endResetModel()

    def ambiguous(self, row: int) -> bool:
        """Whether the table row `row` may be any of several cases alike (the best
        scores tie): "Update that case" cannot say which, and the import refuses it."""
        matches = [m for m in self.duplicates[row].matches if m.reference and not m.row]
        return len(matches) > 1 and matches[0].score == matches[1].score

    def set_choice(self, rows: Sequence[int], key: str) -> list[int]:
        """Choose `key` for the table rows `rows` (positions in this model); "update"
        is not taken for a row that may be any of several cases (`ambiguous`). Returns
        the rows left as they were."""
        assert key in dict(CHOICES)
        kept = [row for row in rows if key == "update" and self.ambiguous(row)]
        for row in rows:
            if row not in kept:
                self.choices[self.duplicates[row].row] = key
        if rows:
            self.dataChanged.emit(self.index(min(rows), self.CHOICE),
                                  self.index(max(rows), self.CHOICE))
        return kept

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.CHOICE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        duplicate = self.duplicates[index.row()]
        column = index.column()
        if column == self.CHOICE:
            key = self.choices[duplicate.row]
            if role in (CHOICE_ROLE, Qt.ItemDataRole.EditRole):
                return key
            if role == Qt.ItemDataRole.DisplayRole:
                return choice_label(key)
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == self.ROW:
            return str(duplicate.row)
        texts = self._texts.get(index.row())
        if texts is None:
            texts = self._texts[index.row()] = self._describe(duplicate)
        if column == self.PERSON:
            return texts[0]
        # Several cases or rows it may be: one a line in the tooltip.
        return texts[1] if role == Qt.ItemDataRole.DisplayRole else texts[1].replace("; ", "\n")

    def setData(self, index: AnyIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != self.CHOICE or \
                value not in dict(CHOICES) or role != Qt.ItemDataRole.EditRole:
            return False
        return not self.set_choice([index.row()], value)


class ChoiceDelegate(QStyledItemDelegate):
    """The choice cell drawn as a combo box (only the rows in sight are drawn); a click
    opens a real one with its list shown."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: AnyIndex) -> None:
        combo = QStyleOptionComboBox()
        combo.rect = option.rect.adjusted(1, 1, -1, -1)
        combo.state = option.state | QStyle.StateFlag.State_Enabled
        combo.palette = option.palette
        combo.fontMetrics = option.fontMetrics
        combo.currentText = index.data() or ""
        combo.frame = True
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, combo, painter, widget)
        style.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, combo, painter, widget)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        metrics = option.fontMetrics
        return QSize(choice_width(metrics), metrics.height() + 10)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: AnyIndex) -> QWidget:
        combo = QComboBox(parent)
        for key, _label in CHOICES:
            combo.addItem(choice_label(key), key)
        model = index.model()
        if isinstance(model, DuplicatesModel) and model.ambiguous(index.row()):
            # It may be any of several cases alike: which one to update is not known.
            item = combo.model().item(combo.findData("update"))  # type: ignore[attr-defined]
            item.setEnabled(False)
            item.setToolTip(QCoreApplication.translate(
                "CheckPage", "It may be any of several cases: put the reference of the "
                "one to update in the file"))

        def chosen() -> None:
            self.commitData.emit(combo)
            self.closeEditor.emit(combo)

        combo.activated.connect(chosen)
        QTimer.singleShot(0, combo, combo.showPopup)  # one click: the list is open
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(CHOICE_ROLE)), 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                             index: AnyIndex) -> None:
        editor.setGeometry(option.rect)
