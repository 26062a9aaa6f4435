"""The "Due" view: what needs doing today, grouped as overdue, today, this week, later.

Tasks and open appeals' follow-ups from casemanager.services.followups; a task is marked
done or an appeal answered from here, or its date moved. Filters: by assignee and "my
cases" (the logged-in caseworker). At start, the overdue count shows in the status bar
(ui.followups.due_indicator).

At 100,000 cases more than 120,000 things can be due. The view lists the most urgent
`PAGE` overdue and the most urgent `PAGE` of today and later (read with a limit on the
database worker, as the core orders them), so today's stay in sight behind thousands
overdue, and says above the list how many there are in all; "Show more" raises the limit. The list is a model (`DueModel`) whose cells are worded only when shown, so
building it costs nothing per row on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casemanager.services.caseworker import caseworker_name
from casemanager.services.followups import (
    BUCKET_TITLES,
    BUCKETS,
    DueItem,
    complete,
    count_due_by_bucket,
    due_assignees,
    due_items,
    group_by_bucket,
    move_due_date,
    overdue_count,
)
from ui.context import AppContext
from ui.followups.followup_widgets import OVERDUE_COLOUR, DateDialog
from ui.i18n import QT_TRANSLATE_NOOP
from ui.icons import icon
from ui.labels import core_text, count_text, date_text, person_name_text
from ui.operations.failures import show_failure
from ui.operations.operation import Operation

# Literal QT_TRANSLATE_NOOP strings so pyside6-lupdate sees them; tr() shows them.
COLUMNS = (
    QT_TRANSLATE_NOOP("DueView", "Due"),
    QT_TRANSLATE_NOOP("DueView", "When"),
    QT_TRANSLATE_NOOP("DueView", "Case"),
    QT_TRANSLATE_NOOP("DueView", "Name"),
    QT_TRANSLATE_NOOP("DueView", "What"),
    QT_TRANSLATE_NOOP("DueView", "Assigned to"),
)
_EVERYONE = "\x00everyone"
_UNASSIGNED = ""
# The core's bucket names, as literal strings pyside6-lupdate sees.
_BUCKET_TITLES = {
    "overdue": QT_TRANSLATE_NOOP("DueView", "Overdue"),
    "today": QT_TRANSLATE_NOOP("DueView", "Today"),
    "week": QT_TRANSLATE_NOOP("DueView", "This week"),
    "later": QT_TRANSLATE_NOOP("DueView", "Later"),
}
# How far ahead the view looks, as (label, days; None for everything).
HORIZONS = (
    (QT_TRANSLATE_NOOP("DueView", "Next 7 days"), 7),
    (QT_TRANSLATE_NOOP("DueView", "Next 30 days"), 30),
    (QT_TRANSLATE_NOOP("DueView", "Everything"), None),
)
# How many items are listed at first, and how many more each "Show more" adds.
PAGE = 500
_ROOT = QModelIndex()
AnyIndex = QModelIndex | QPersistentModelIndex


_HEADING_FLAGS = Qt.ItemFlag.ItemIsEnabled
_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
Heading = tuple[str, str]  # (bucket, the heading's text)


class DueModel(QAbstractTableModel):
    """The due items under their group headings (overdue, today, this week, later), as
    one flat list of rows: a heading row spans the table (the view sets the spans).

    Holds the items it was given and words a cell only when the view asks for it (the
    view's `cells` function); a table view asks only about the rows it shows, so listing
    thousands of items costs one reset, not a call per row."""

    def __init__(self, cells: Callable[[DueItem], list[str]], titles: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cells = cells
        self._titles = titles
        self._rows: list[DueItem | Heading] = []
        self._texts: dict[int, list[str]] = {}
        self._bold: QFont | None = None

    def set_rows(self, rows: list[DueItem | Heading], bold: QFont) -> None:
        self.beginResetModel()
        self._rows = rows
        self._texts = {}
        self._bold = bold
        self.endResetModel()

    def heading_rows(self) -> list[int]:
        return [r for r, entry in enumerate(self._rows) if isinstance(entry, tuple)]

    def item(self, index: AnyIndex) -> DueItem | None:
        """The due item on `index`'s row; None for a heading."""
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        return None if isinstance(entry, tuple) else entry

    def items(self) -> list[DueItem]:
        return [e for e in self._rows if not isinstance(e, tuple)]

    def headings(self) -> list[str]:
        return [e[1] for e in self._rows if isinstance(e, tuple)]

    def find(self, kind: str, item_id: int) -> QModelIndex:
        """The index of a due item by kind and id; invalid when it is not listed."""
        for r, entry in enumerate(self._rows):
            if not isinstance(entry, tuple) and (entry.kind, entry.id) == (kind, item_id):
                return self.index(r, 0)
        return QModelIndex()

    # ------------------------------------------------------------- Qt's model API

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._titles)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._titles[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _HEADING_FLAGS if isinstance(self._rows[index.row()], tuple) else _ITEM_FLAGS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        entry = self._rows[row]
        if isinstance(entry, tuple):
            bucket, heading = entry
            if column != 0:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return heading
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            if role == Qt.ItemDataRole.ForegroundRole and bucket == "overdue":
                return QBrush(OVERDUE_COLOUR)
            return None
        if role == Qt.ItemDataRole.UserRole:
            return entry
        if role == Qt.ItemDataRole.DisplayRole or (
                role == Qt.ItemDataRole.ToolTipRole and column == 4):
            texts = self._texts.get(row)
            if texts is None:
                texts = self._texts[row] = self._cells(entry)
            return texts[column]
        if role == Qt.ItemDataRole.ForegroundRole and column in (0, 1) and \
                entry.bucket == "overdue":
            return QBrush(OVERDUE_COLOUR)
        return None


def has_overdue(ctx: AppContext, *, mine: bool = False) -> bool:
    """Anything overdue (for the logged-in caseworker with `mine`)? Checked at start-up."""
    who = caseworker_name(ctx.db) if mine else None
    return overdue_count(ctx.db, assignee=who) > 0


class DueView(QWidget):
    """Grouped list of due items with the actions that clear them."""

    # A case the user wants to open (double-click), by reference.
    case_activated = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.me = ctx.actor  # until the caseworker's name is read with the first refresh
        self.dialog: DateDialog | None = None
        self.limit = PAGE  # how many of the most urgent items are listed
        self.counts: dict[str, int] = dict.fromkeys(BUCKETS, 0)  # every item, by bucket
        self._stale = False  # changed while hidden: read again when shown

        self.assignee = QComboBox()
        self.assignee.setMinimumContentsLength(14)
        self.mine = QCheckBox(self.tr("My cases only ({name})").format(name=self.me))
        self.horizon = QComboBox()
        for label, days in HORIZONS:
            self.horizon.addItem(self.tr(label), days)
        self.horizon.setCurrentIndex(1)
        refresh = QPushButton(icon("status"), self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Assigned to:")))
        bar.addWidget(self.assignee)
        bar.addWidget(self.mine)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Show:")))
        bar.addWidget(self.horizon)
        bar.addStretch(1)
        bar.addWidget(refresh)

        # "Showing the 500 most urgent of 123,537": said above the list, with the way
        # to see more beside it; hidden when everything is listed.
        self.shown = QLabel()
        self.more_button = QPushButton()
        self.more_button.clicked.connect(self.show_more)
        more = QHBoxLayout()
        more.addWidget(self.shown, 1)
        more.addWidget(self.more_button)
        self.shown.hide()
        self.more_button.hide()

        titles = [self.tr(c) for c in COLUMNS]
        self.model = DueModel(self._cells, titles, self)
        # A table, not a tree: a table view asks the model only about the rows it
        # shows (a tree lays out every row, calling into Python for each).
        self.tree = QTableView()
        self.tree.setModel(self.model)
        self.tree.setShowGrid(False)
        self.tree.setWordWrap(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        rows = self.tree.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.tree.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        metrics = self.fontMetrics()
        late = self.tr("{n} days late").format(n=100)
        for c, sample in enumerate(("2026-12-31", late, "CM-00000",
                                    "Bekmagambetov Zhandos", "", "Dilnoza Karimova")):
            if sample:
                header.resizeSection(c, metrics.horizontalAdvance(sample) + 24)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        self.tree.doubleClicked.connect(self._double_clicked)

        self.done_button = QPushButton(self.tr("Mark done"))
        self.done_button.clicked.connect(self.mark_done)
        self.move_button = QPushButton(self.tr("Move date…"))
        self.move_button.clicked.connect(self.move_date)
        self.summary = QLabel()
        actions = QHBoxLayout()
        actions.addWidget(self.summary, 1)
        actions.addWidget(self.move_button)
        actions.addWidget(self.done_button)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(more)
        layout.addWidget(self.tree, 1)
        layout.addLayout(actions)

        self.assignee.currentIndexChanged.connect(self._filters_changed)
        self.mine.toggled.connect(self._filters_changed)
        self.horizon.currentIndexChanged.connect(self._filters_changed)
        ctx.changes.cases_changed.connect(self._cases_changed)
        self._selection_changed()
        self.refresh()

    # ---------------------------------------------------------------- data

    def selected_assignee(self) -> str | None:
        if self.mine.isChecked():
            return self.me
        value = self.assignee.currentData()
        return None if value in (None, _EVERYONE) else value

    def refresh(self) -> None:
        """Read the most urgent `limit` items, every item's count by group and the
        caseworkers with something due, on the database worker; a newer refresh drops an
        older one's result (the horizon changed again, another change came in)."""
        self._stale = False
        days = self.horizon.currentData()
        mine = self.mine.isChecked()
        value = self.assignee.currentData()
        chosen = None if value in (None, _EVERYONE) else value
        limit = self.limit

        def work(db) -> tuple[str, list[str], list[DueItem], dict[str, int]]:
            me = caseworker_name(db)
            who = me if mine else chosen
            # The most urgent overdue items and, beside them, the most urgent of today
            # and later: thousands overdue must not push today's out of the list.
            items = (due_items(db, days=days, assignee=who, limit=limit, overdue_only=True)
                     + due_items(db, days=days, assignee=who, limit=limit,
                                 upcoming_only=True))
            return (me, due_assignees(db, days=days), items,
                    count_due_by_bucket(db, days=days, assignee=who))

        Operation(self.ctx, parent=self, key="due", failure_title=self.tr("Due follow-ups"),
                  work=work).success(self._read).run()

    def _read(self, result: tuple[str, list[str], list[DueItem], dict[str, int]]) -> None:
        me, names, items, counts = result
        if me != self.me:
            self.me = me
            self.mine.setText(self.tr("My cases only ({name})").format(name=self.me))
        self._fill_assignees(names)
        self.counts = counts
        self._fill_tree(items)

    def _fill_assignees(self, names: list[str]) -> None:
        current = self.assignee.currentData()
        self.assignee.blockSignals(True)
        self.assignee.clear()
        self.assignee.addItem(self.tr("Everyone"), _EVERYONE)
        for name in names:
            self.assignee.addItem(name, name)
        self.assignee.addItem(self.tr("Nobody (unassigned)"), _UNASSIGNED)
        index = self.assignee.findData(current) if current is not None else 0
        self.assignee.setCurrentIndex(max(index, 0))
        self.assignee.blockSignals(False)
        self.assignee.setEnabled(not self.mine.isChecked())

    def _title(self, item) -> str:
        """The core words an appeal's follow-up as "Follow up: <subject> (<recipient>)"
        (a core message, shown in the interface language); a task's title as typed."""
        return core_text(item.title)

    @staticmethod
    def _name(item) -> str:
        """Both spellings, the one the interface's readers read first
        (ui.labels.person_name_text)."""
        return person_name_text(item.case_name, item.case_name_native)

    def _cells(self, item: DueItem) -> list[str]:
        """A row's texts, worded when the row is first shown."""
        return [date_text(item.due), self._when(item.days), item.case_reference,
                self._name(item), self._title(item), item.assignee]

    def _fill_tree(self, items: list[DueItem]) -> None:
        selected = self.selected_item()
        scrolled = self.tree.verticalScrollBar().value()
        number = QLocale().toString
        groups = group_by_bucket(items)
        bold = QFont(self.tree.font())
        bold.setBold(True)
        rows: list[DueItem | Heading] = []
        for bucket in BUCKETS:
            shown = groups[bucket]
            if not shown:
                continue
            title = _BUCKET_TITLES.get(bucket)
            title = self.tr(title) if title else BUCKET_TITLES[bucket]
            total = max(self.counts.get(bucket, 0), len(shown))
            if len(shown) < total:
                heading = self.tr("{title} ({shown} of {total})").format(
                    title=title, shown=number(len(shown)), total=number(total))
            else:
                heading = f"{title} ({number(total)})"
            rows.append((bucket, heading))
            rows.extend(shown)
        self.tree.clearSpans()
        self.model.set_rows(rows, bold)
        for row in self.model.heading_rows():
            self.tree.setSpan(row, 0, 1, self.model.columnCount())
        if selected is not None:
            found = self.model.find(selected.kind, selected.id)
            if found.isValid():
                self.tree.setCurrentIndex(found)
        self.tree.verticalScrollBar().setValue(scrolled)

        everything = sum(self.counts.values())
        overdue = self.counts.get("overdue", 0)
        if len(items) < everything:
            # Two lists of up to `limit` each: the overdue and the rest (today, later).
            self.shown.setText(self.tr(
                "Showing {shown} of {total}: the most urgent overdue and the most urgent "
                "from today on.").format(shown=number(len(items)), total=number(everything)))
            self.more_button.setText(self.tr("Show more"))
        self.shown.setVisible(len(items) < everything)
        self.more_button.setVisible(len(items) < everything)
        if not items:
            self.summary.setText(self.tr("Nothing due. Well done."))
        else:
            self.summary.setText(self.tr("{total} due, {overdue} overdue").format(
                total=number(everything), overdue=number(overdue)))
        self._selection_changed()

    def show_more(self) -> None:
        """List `PAGE` more of the most urgent items (read again on the worker)."""
        self.limit += PAGE
        self.refresh()

    def _when(self, days: int) -> str:
        if days == 0:
            return self.tr("today")
        if days == -1:
            return self.tr("1 day late")
        if days < 0:
            return self.tr("{n} days late").format(n=count_text(-days))
        if days == 1:
            return self.tr("tomorrow")
        return self.tr("in {n} days").format(n=count_text(days))

    def selected_item(self) -> DueItem | None:
        current = self.tree.currentIndex()
        if not current.isValid() or not self.tree.selectionModel().isSelected(current):
            return None
        return self.model.item(current)

    def select_item(self, kind: str, item_id: int) -> bool:
        """Select a due item by kind and id (for callers and tests)."""
        found = self.model.find(kind, item_id)
        if not found.isValid():
            return False
        self.tree.setCurrentIndex(found)
        return True

    def headings(self) -> list[str]:
        """The group headings as shown ("Overdue (3)"), for callers and tests."""
        return self.model.headings()

    def row_texts(self, group: int, row: int) -> list[str]:
        """The texts of `group`'s `row`th item as shown, for callers and tests."""
        at = self.model.heading_rows()[group] + 1 + row
        return [self.model.index(at, c).data() for c in range(self.model.columnCount())]

    def rows_listed(self) -> int:
        """How many items the list holds (headings not counted)."""
        return len(self.model.items())

    # ---------------------------------------------------------------- actions

    def _cases_changed(self, _references: list) -> None:
        # Read again now if shown; if not (another tab in front), when it shows: each read
        # is work on the one database worker, ahead of whatever the caseworker does next.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def show_everyone(self) -> None:
        """Everyone's items (not "My cases only", not one caseworker's): what the status
        bar's overdue count counts; read again only when a filter was on."""
        everyone = self.assignee.findData(_EVERYONE)
        narrowed = self.mine.isChecked() or (
            everyone >= 0 and self.assignee.currentIndex() != everyone)
        if not narrowed:
            return
        for box in (self.mine, self.assignee):
            box.blockSignals(True)
        self.mine.setChecked(False)
        self.assignee.setEnabled(True)
        if everyone >= 0:
            self.assignee.setCurrentIndex(everyone)
        for box in (self.mine, self.assignee):
            box.blockSignals(False)
        self._filters_changed()

    def _filters_changed(self) -> None:
        self.limit = PAGE  # another list: its most urgent first again
        self.refresh()

    def _selection_changed(self, *_args) -> None:
        item = self.selected_item()
        self.done_button.setEnabled(item is not None)
        self.move_button.setEnabled(item is not None)
        if item is not None and item.kind == "appeal":
            self.done_button.setText(self.tr("Mark answered"))
        else:
            self.done_button.setText(self.tr("Mark done"))

    def _double_clicked(self, index: QModelIndex) -> None:
        item = self.model.item(index)
        if item is not None:
            self.case_activated.emit(item.case_reference)

    def mark_done(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        actor = self.ctx.actor

        def failed(exc: BaseException) -> None:
            show_failure(self, self.tr("Mark done"), exc)
            self.refresh()

        # Announced as changed: this view refreshes from the announcement, once.
        Operation(self.ctx, parent=self,
                  work=lambda db: complete(db, item.kind, item.id, actor=actor)).failure(
            failed).announce("records", [item.case_reference]).run()

    def move_date(self) -> DateDialog | None:
        """Open the date dialog for the selected item; the move happens on OK."""
        item = self.selected_item()
        if item is None:
            return None
        self.dialog = DateDialog(
            self.tr("Move date"),
            self.tr("New date for “{title}” ({ref}):").format(title=item.title,
                                                              ref=item.case_reference),
            item.due,
            self,
        )
        self.dialog.accepted.connect(lambda: self._move(item, self.dialog.date()))
        self.dialog.open()
        return self.dialog

    def _move(self, item: DueItem, new_date) -> None:
        actor = self.ctx.actor
        Operation(
            self.ctx, parent=self,
            work=lambda db: move_due_date(db, item.kind, item.id, new_date, actor=actor),
            failure_title=self.tr("Move date"),
        ).announce("records", [item.case_reference]).run()


def open_due_view(ctx: AppContext, parent: QWidget | None = None) -> QDialog:
    """The due view in a window of its own."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(QCoreApplication.translate("DueView", "Due follow-ups"))
    dialog.resize(900, 520)
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(6, 6, 6, 6)
    view = DueView(ctx, dialog)
    layout.addWidget(view)
    dialog.view = view  # type: ignore[attr-defined]
    dialog.show()
    return dialog
