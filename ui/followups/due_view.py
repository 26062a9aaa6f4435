"""The "Due" view: what needs doing today, grouped as overdue, today, this week, later.

Tasks and open appeals' follow-ups from casemanager.services.followups; a task is marked
done or an appeal answered from here, or its date moved. Filters: by assignee and "my
cases" (the logged-in caseworker). At start, the overdue count shows in the status bar
(ui.followups.due_indicator).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casemanager.services.caseworker import caseworker_name
from casemanager.services.followups import (
    BUCKET_TITLES,
    BUCKETS,
    DueItem,
    assignees,
    complete,
    due_items,
    group_by_bucket,
    move_due_date,
    overdue_count,
)
from ui.context import AppContext
from ui.followups.followup_widgets import OVERDUE_COLOUR, DateDialog
from ui.i18n import QT_TRANSLATE_NOOP
from ui.icons import icon
from ui.labels import core_text, date_text, person_name_text
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
        self._items: list[DueItem] = []

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

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr(c) for c in COLUMNS])
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(0)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        metrics = self.fontMetrics()
        late = self.tr("{n} days late").format(n=100)
        for c, sample in enumerate(("2026-12-31", late, "CM-00000",
                                    "Bekmagambetov Zhandos", "", "Dilnoza Karimova")):
            if sample:
                header.resizeSection(c, metrics.horizontalAdvance(sample) + 24)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.itemDoubleClicked.connect(self._double_clicked)

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
        layout.addWidget(self.tree, 1)
        layout.addLayout(actions)

        self.assignee.currentIndexChanged.connect(self._filters_changed)
        self.mine.toggled.connect(self._filters_changed)
        self.horizon.currentIndexChanged.connect(self._filters_changed)
        ctx.changes.cases_changed.connect(self._cases_changed)
        self.refresh()

    # ---------------------------------------------------------------- data

    def selected_assignee(self) -> str | None:
        if self.mine.isChecked():
            return self.me
        value = self.assignee.currentData()
        return None if value in (None, _EVERYONE) else value

    def refresh(self) -> None:
        """Read what is due on the database worker; a newer refresh drops an older one's
        result (the horizon changed again, another change came in)."""
        days = self.horizon.currentData()
        Operation(self.ctx, parent=self, key="due", failure_title=self.tr("Due follow-ups"),
                  work=lambda db: (caseworker_name(db), due_items(db, days=days))
                  ).success(self._read).run()

    def _read(self, result: tuple[str, list]) -> None:
        if result[0] != self.me:
            self.me = result[0]
            self.mine.setText(self.tr("My cases only ({name})").format(name=self.me))
        self._show(result[1])

    def _show(self, everything: list) -> None:
        self._fill_assignees(assignees(everything))
        who = self.selected_assignee()
        if who is None:
            self._items = everything
        else:
            self._items = [i for i in everything if i.assignee.casefold() == who.casefold()]
        self._fill_tree()

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

    def _fill_tree(self) -> None:
        selected = self.selected_item()
        self.tree.clear()
        groups = group_by_bucket(self._items)
        bold = QFont(self.tree.font())
        bold.setBold(True)
        reselect = None
        for bucket in BUCKETS:
            items = groups[bucket]
            if not items:
                continue
            title = _BUCKET_TITLES.get(bucket)
            title = self.tr(title) if title else BUCKET_TITLES[bucket]
            head = QTreeWidgetItem([f"{title} ({len(items)})"])
            head.setFont(0, bold)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            if bucket == "overdue":
                head.setForeground(0, QBrush(OVERDUE_COLOUR))
            self.tree.addTopLevelItem(head)
            head.setFirstColumnSpanned(True)  # only works once the item is in the tree
            head.setExpanded(True)
            for item in items:
                row = QTreeWidgetItem([
                    date_text(item.due), self._when(item.days), item.case_reference,
                    self._name(item), self._title(item), item.assignee,
                ])
                row.setData(0, Qt.ItemDataRole.UserRole, item)
                row.setToolTip(4, self._title(item))
                if bucket == "overdue":
                    row.setForeground(0, QBrush(OVERDUE_COLOUR))
                    row.setForeground(1, QBrush(OVERDUE_COLOUR))
                head.addChild(row)
                if selected is not None and (selected.kind, selected.id) == (item.kind, item.id):
                    reselect = row
        if reselect is not None:
            self.tree.setCurrentItem(reselect)
        overdue = len(groups["overdue"])
        total = len(self._items)
        if total == 0:
            self.summary.setText(self.tr("Nothing due. Well done."))
        else:
            self.summary.setText(
                self.tr("{total} due, {overdue} overdue").format(total=total, overdue=overdue)
            )
        self._selection_changed()

    def _when(self, days: int) -> str:
        if days == 0:
            return self.tr("today")
        if days == -1:
            return self.tr("1 day late")
        if days < 0:
            return self.tr("{n} days late").format(n=-days)
        if days == 1:
            return self.tr("tomorrow")
        return self.tr("in {n} days").format(n=days)

    def selected_item(self) -> DueItem | None:
        current = self.tree.currentItem()
        if current is None or not current.isSelected():
            return None
        return current.data(0, Qt.ItemDataRole.UserRole)

    def select_item(self, kind: str, item_id: int) -> bool:
        """Select a due item by kind and id (for callers and tests)."""
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            if head is None:
                continue
            for j in range(head.childCount()):
                row = head.child(j)
                if row is None:
                    continue
                item = row.data(0, Qt.ItemDataRole.UserRole)
                if (item.kind, item.id) == (kind, item_id):
                    self.tree.setCurrentItem(row)
                    return True
        return False

    # ---------------------------------------------------------------- actions

    def _cases_changed(self, _references: list) -> None:
        self.refresh()

    def _filters_changed(self) -> None:
        self.refresh()

    def _selection_changed(self) -> None:
        item = self.selected_item()
        self.done_button.setEnabled(item is not None)
        self.move_button.setEnabled(item is not None)
        if item is not None and item.kind == "appeal":
            self.done_button.setText(self.tr("Mark answered"))
        else:
            self.done_button.setText(self.tr("Mark done"))

    def _double_clicked(self, row: QTreeWidgetItem, _column: int) -> None:
        item = row.data(0, Qt.ItemDataRole.UserRole)
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
